package org.nabla.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the nabla command in-process, as main would, and captures what it printed. */
final class Cli {
    private Cli() {}

    /** What one run printed, and its exit code. */
    record Run(int exitCode, String out, String err) {
        /** The output without the figures that vary from run to run (throughput, times, memory, folder names). */
        String withoutTimings() {
            return out.replaceAll("[\\d,]+ (training )?samples/s", "").replaceAll("[\\d.]+ ?s( wall)?\\b", "")
                    .replaceAll("peak heap \\d+ MB", "").replaceAll("run folder: .*", "");
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cmd = NablaCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}

package org.nabla.spark.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code nabla spark}: data-parallel training and batch inference on Apache Spark (DISTRIBUTED.md). Run by
 * {@code ./nabla spark ...} (a local Spark in this JVM) or by spark-submit with {@code --class} this class.
 */
@Command(name = "nabla spark", mixinStandardHelpOptions = true, description = "Trains and scores on Apache Spark (DISTRIBUTED.md).",
        subcommands = {SparkTrainCommand.class, SparkPredictCommand.class, SparkDatasetCommand.class, SparkBenchCommand.class})
public final class SparkCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "name a command: train, predict, dataset or bench"); }

    public static void main(String[] args) { System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true))); }

    /** Runs the command line; mistakes are one line on err: exit 2 for usage, 1 for bad input. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SparkCommand()).setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof UncheckedIOException) {
                err.println("nabla spark: " + e.getMessage().lines().findFirst().orElse(""));
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }
}

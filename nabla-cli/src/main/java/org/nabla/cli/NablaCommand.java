package org.nabla.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code nabla} command: its subcommands train models and measure kernels from the shell. */
@Command(name = "nabla", mixinStandardHelpOptions = true, versionProvider = NablaCommand.Version.class,
        description = "Deep learning for the JVM in pure Java.", subcommands = {TrainCommand.class, BenchCommand.class})
public final class NablaCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** Without a subcommand: print the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The command line as main runs it: user mistakes are reported in one line, exit code 2. */
    public static CommandLine commandLine() {
        return new CommandLine(new NablaCommand()).setParameterExceptionHandler(NablaCommand::reportMistake);
    }

    public static void main(String[] args) { System.exit(commandLine().execute(args)); }

    private static int reportMistake(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty())
            message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        cmd.getErr().println(name + ": " + message + " (see '" + name + " --help')");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The Maven project version, written into version.properties at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = NablaCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            }
            return List.of("nabla " + p.getProperty("version", "(unknown version)"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")").toArray(String[]::new);
        }
    }
}

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
        description = "Deep learning for the JVM in pure Java.", subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, GenerateCommand.class, SampleCommand.class, SummaryCommand.class, SearchCommand.class, EnsembleCommand.class,
                ExportCommand.class, BenchCommand.class,
                RlCommand.class,
                DoctorCommand.class, LrFindCommand.class, LabCommand.class,
                ExplainCommand.class, TsneCommand.class, DreamCommand.class, AttackCommand.class,
                ServeCommand.class})
public final class NablaCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** Without a subcommand: print the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Exit code of a run refused for bad input (a missing or corrupt file, a checkpoint that does not fit). */
    static final int BAD_INPUT = 1;

    /**
     * The command line as main runs it: mistakes in the arguments are reported in one line with exit code 2; bad
     * input found while running (files, checkpoints, images) in one line with exit code 1. Set NABLA_DEBUG=1 for the
     * stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new NablaCommand()).setParameterExceptionHandler(NablaCommand::reportMistake)
                .setExecutionExceptionHandler(NablaCommand::reportBadInput);
        cmd.getSubcommands().get("train").getCommandSpec().usageMessage().footer(Choices.footer()); // what the registries hold now
        return cmd;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // charts and image reading need no display
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) { // the heap is the launcher's cap: say how to raise it, in one line
            System.err.println("nabla: out of memory (the JVM's heap is capped at " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB): give it more with NABLA_JAVA_OPTS=-Xmx4g (or more), or use a smaller batch or model");
            code = BAD_INPUT;
        }
        System.exit(code);
    }

    private static int reportMistake(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty())
            message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        cmd.getErr().println(name + ": " + message + " (see '" + name + " --help')");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * The library reports bad input with exceptions whose message names the file or object and the reason:
     * IllegalArgumentException, IllegalStateException (a missing dataset; a NaN in training), UncheckedIOException.
     * Those become one line; anything else is a bug and keeps its stack trace. A {@link UsageError} (an option the data
     * turned out to forbid) is reported as a mistake in the arguments.
     */
    private static int reportBadInput(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof UsageError) return reportMistake(new ParameterException(cmd, e.getMessage()), null);
        boolean userFacing = e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException
                || e instanceof java.io.IOException;
        if (!userFacing || "1".equals(System.getenv("NABLA_DEBUG"))) throw e;
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        return BAD_INPUT;
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

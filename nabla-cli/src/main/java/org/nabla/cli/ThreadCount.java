package org.nabla.cli;

import org.nabla.tensor.RunContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The range of {@code --threads}, checked alike by every command that takes it (a usage error, exit code 2). */
final class ThreadCount {
    private ThreadCount() {}

    /** {@code n} when it is from 1 to {@link RunContext#MAX_THREADS}; otherwise a one-line usage error naming --threads. */
    static int check(CommandSpec spec, int n) {
        if (n < 1 || n > RunContext.MAX_THREADS)
            throw new ParameterException(spec.commandLine(), "--threads must be from 1 to " + RunContext.MAX_THREADS + " (4 per core, at least 16), got " + n);
        return n;
    }
}

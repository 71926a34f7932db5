package org.nabla.cli;

import java.util.concurrent.Callable;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nabla rl}: reinforcement learning on Nabla's own environments; each subcommand writes a run folder. */
@Command(name = "rl", mixinStandardHelpOptions = true, description = "Reinforcement learning: bandits, dynamic programming, TD control, DQN, REINFORCE.",
        subcommands = {RlBanditCommand.class, RlValueIterationCommand.class, RlTdCommand.QLearning.class, RlTdCommand.Sarsa.class, RlDqnCommand.class,
                RlReinforceCommand.class, RlPlayCommand.class, RlEnvCommand.class})
final class RlCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Runs {@code body} with {@code threads} kernel threads (or the default) and its own generator. */
    static <T> T withThreads(CommandSpec spec, Integer threads, Callable<T> body) throws Exception {
        int n = threads != null ? ThreadCount.check(spec, threads) : RunContext.defaultThreads();
        try (RunContext run = RunContext.of(n, new Generator(0))) {
            return run.call(body);
        }
    }
}

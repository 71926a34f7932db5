package org.nabla.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.rl.agent.Reinforce;
import org.nabla.rl.agent.TrainingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nabla rl reinforce}: REINFORCE with a learned value baseline, with periodic greedy evaluations. */
@Command(name = "reinforce", mixinStandardHelpOptions = true, description = "REINFORCE (policy gradient) with a learned baseline.")
final class RlReinforceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RlOptions o;

    @Option(names = "--hidden", paramLabel = "W,W", defaultValue = "128", description = "Hidden layer widths of both networks. Default: ${DEFAULT-VALUE}.")
    String hidden;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "3e-3", description = "The policy's Adam learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--value-lr", paramLabel = "LR", defaultValue = "1e-2", description = "The baseline's Adam learning rate. Default: ${DEFAULT-VALUE}.")
    double valueLr;

    @Option(names = "--episodes-per-update", paramLabel = "N", defaultValue = "4", description = "Episodes per gradient step. Default: ${DEFAULT-VALUE}.")
    int episodesPerUpdate;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "10000", description = "Greedy evaluation period in steps. Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(names = "--target", paramLabel = "R", defaultValue = "475", description = "Mean evaluation return that counts as solved. Default: ${DEFAULT-VALUE}.")
    double target;

    @Option(names = "--no-stop", description = "Keep training after the target is reached (default: stop there).")
    boolean noStop;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        RlEnvironment env = o.environment("cartpole").require("reinforce", "cartpole", "frozenlake", "gridworld");
        long steps = o.steps(500_000);
        int[] widths = RlNeuralRun.hidden(hidden);
        Reinforce.Options options;
        try {
            Reinforce.Options d = Reinforce.Options.cartPole();
            options = new Reinforce.Options(widths, lr, valueLr, d.gamma(), episodesPerUpdate, d.normalizeAdvantages(), d.maxGradNorm(), evalEvery,
                    o.evalEpisodes(env), target, !noStop);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        RlRun run = new RlRun(o.out, "reinforce", env);
        return RlCommand.withThreads(spec, o.threads, () -> {
            Reinforce agent = new Reinforce(RlNeuralRun.inputs(env, o.seed), RlNeuralRun.actions(env, o.seed), options, o.seed);
            TrainingHistory h = agent.train(RlNeuralRun.factory(env, o.seed), steps, o.seed, new TrainingHistory(out::println));
            Map<String, Object> recorded = new LinkedHashMap<>();
            recorded.put("hidden", RlRun.list(widths));
            recorded.put("policy_lr", lr);
            recorded.put("value_lr", valueLr);
            recorded.put("gamma", options.gamma());
            recorded.put("episodes_per_update", episodesPerUpdate);
            recorded.put("normalized_advantages", options.normalizeAdvantages());
            RlNeuralRun.write(out, run, "reinforce", env, o.seed, widths, agent.network(), h, recorded);
            return 0;
        });
    }
}

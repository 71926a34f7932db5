package org.nabla.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.rl.agent.Dqn;
import org.nabla.rl.agent.TrainingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nabla rl dqn}: deep Q-learning (RL Zoo's CartPole recipe by default) with periodic greedy evaluations. */
@Command(name = "dqn", mixinStandardHelpOptions = true, description = "DQN: replay buffer, target network, Huber loss, ε schedule; Double DQN as an option.")
final class RlDqnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RlOptions o;

    @Option(names = "--double", description = "Double DQN: the online network picks the next action, the target network values it.")
    boolean doubleDqn;

    @Option(names = "--soft-tau", paramLabel = "T", description = "Soft target updates θ' ← τθ + (1−τ)θ' after each gradient step, instead of hard copies every 10 steps.")
    Double softTau;

    @Option(names = "--hidden", paramLabel = "W,W", defaultValue = "256,256", description = "Hidden layer widths. Default: ${DEFAULT-VALUE}.")
    String hidden;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "2.3e-3", description = "Adam's learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "2500", description = "Greedy evaluation period in steps. Default: ${DEFAULT-VALUE}.")
    int evalEvery;

    @Option(names = "--target", paramLabel = "R", defaultValue = "475", description = "Mean evaluation return that counts as solved. Default: ${DEFAULT-VALUE}.")
    double target;

    @Option(names = "--no-stop", description = "Keep training after the target is reached (default: stop there).")
    boolean noStop;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        RlEnvironment env = o.environment("cartpole").require("dqn", "cartpole", "frozenlake", "gridworld");
        long steps = o.steps(50_000);
        int[] widths = RlNeuralRun.hidden(hidden);
        Dqn.Options options;
        try {
            options = Dqn.Options.cartPole().withNetwork(widths, lr).withDoubleDqn(doubleDqn).withEvaluation(evalEvery, o.evalEpisodes(env), target, !noStop);
            if (softTau != null) options = options.withSoftUpdate(softTau);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        RlRun run = new RlRun(o.out, "dqn", env);
        Dqn.Options opts = options;
        return RlCommand.withThreads(spec, o.threads, () -> {
            Dqn agent = new Dqn(RlNeuralRun.inputs(env, o.seed), RlNeuralRun.actions(env, o.seed), opts, o.seed);
            TrainingHistory h = agent.train(RlNeuralRun.factory(env, o.seed), steps, o.seed, new TrainingHistory(out::println));
            Map<String, Object> recorded = new LinkedHashMap<>();
            recorded.put("hidden", RlRun.list(widths));
            recorded.put("lr", lr);
            recorded.put("double_dqn", doubleDqn);
            recorded.put("target_update", softTau == null ? "hard every " + opts.targetUpdate() + " steps" : "soft τ=" + softTau);
            recorded.put("batch_size", opts.batchSize());
            recorded.put("gradient_steps_per_train", opts.gradientSteps() + " every " + opts.trainEvery() + " steps");
            recorded.put("epsilon", opts.epsilonStart() + " -> " + opts.epsilonEnd() + " over " + opts.epsilonFraction() + " of the steps");
            recorded.put("max_grad_norm", opts.maxGradNorm());
            RlNeuralRun.write(out, run, "dqn", env, o.seed, widths, agent.network(), h, recorded);
            return 0;
        });
    }
}

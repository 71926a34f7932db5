package org.nabla.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.rl.agent.Evaluation;
import org.nabla.rl.agent.GreedyPolicy;
import org.nabla.rl.env.TabularEnvironment;
import org.nabla.rl.tabular.QTable;
import org.nabla.rl.tabular.TdControl;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nabla rl qlearning} and {@code nabla rl sarsa}: tabular TD control with an ε-greedy behaviour policy on a
 * gridworld or FrozenLake, then a greedy evaluation of the learnt Q-table.
 */
abstract class RlTdCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RlOptions o;

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "0.99", description = "Discount. Default: ${DEFAULT-VALUE}.")
    double gamma;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.1", description = "Step size at the start (decays linearly). Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--alpha-end", paramLabel = "A", defaultValue = "0.01", description = "Step size at the end. Default: ${DEFAULT-VALUE}.")
    double alphaEnd;

    @Option(names = "--epsilon-end", paramLabel = "E", defaultValue = "0.01", description = "ε after the decay (from 1 over 80% of the steps). Default: ${DEFAULT-VALUE}.")
    double epsilonEnd;

    abstract TdControl.Method method();

    abstract String algorithm();

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        RlEnvironment env = o.environment("frozenlake").require(algorithm(), "gridworld", "frozenlake");
        long steps = o.steps(1_000_000);
        TdControl.Options options;
        try {
            options = new TdControl.Options(gamma, alpha, alphaEnd, 1.0, epsilonEnd, 0.8);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        RlRun run = new RlRun(o.out, algorithm(), env);
        TabularEnvironment mdp = (TabularEnvironment) env.factory(o.seed).get();
        List<Long> ends = new ArrayList<>();
        List<Double> returns = new ArrayList<>();
        QTable q = TdControl.learn(method(), mdp, steps, options, o.seed, (t, r) -> {
            ends.add(t);
            returns.add(r);
        });
        int episodes = o.evalEpisodes(env);
        long evalSeed = o.seed + 1_000_000_007L;
        double[] eval = Evaluation.run(() -> (TabularEnvironment) env.factory(o.seed).get(), GreedyPolicy.of(q), episodes, evalSeed, 1);
        run.writeReturns(String.format(java.util.Locale.ROOT, "%s on %s: return per episode", algorithm(), mdp.id()),
                ends.stream().mapToLong(Long::longValue).toArray(), returns.stream().mapToDouble(Double::doubleValue).toArray(),
                new long[] {ends.getLast()}, new double[] {Evaluation.mean(eval)});
        run.writeAgent(algorithm(), env, Map.of("policy", RlRun.list(q.policy()), "q", RlRun.list(q.values())));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("steps", ends.getLast());
        s.put("episodes", returns.size());
        s.put("options", Map.of("gamma", gamma, "alpha", alpha, "alpha_end", alphaEnd, "epsilon_start", 1.0, "epsilon_end", epsilonEnd, "epsilon_decay_share", 0.8));
        s.put("policy", RlRun.list(q.policy()));
        s.put("evaluation", RlRun.evaluation(eval, env, evalSeed));
        run.writeSummary(algorithm(), env, mdp.id(), o.seed, s);
        out.printf(java.util.Locale.ROOT, "%s on %s: %,d steps, %,d episodes%n", algorithm(), mdp.id(), ends.getLast(), returns.size());
        out.print(RlPlayCommand.drawPolicy(mdp, q.policy()));
        out.printf(java.util.Locale.ROOT, "greedy evaluation over %d episodes: mean return %.4f%n", episodes, Evaluation.mean(eval));
        out.println("run folder: " + run.dir());
        return 0;
    }

    @picocli.CommandLine.Command(name = "qlearning", mixinStandardHelpOptions = true, description = "Q-learning (off-policy TD control) on a gridworld or FrozenLake.")
    static final class QLearning extends RlTdCommand {
        @Override TdControl.Method method() { return TdControl.Method.Q_LEARNING; }

        @Override String algorithm() { return "qlearning"; }
    }

    @picocli.CommandLine.Command(name = "sarsa", mixinStandardHelpOptions = true, description = "SARSA (on-policy TD control) on a gridworld or FrozenLake.")
    static final class Sarsa extends RlTdCommand {
        @Override TdControl.Method method() { return TdControl.Method.SARSA; }

        @Override String algorithm() { return "sarsa"; }
    }
}

package org.nabla.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.rl.agent.Evaluation;
import org.nabla.rl.agent.GreedyPolicy;
import org.nabla.rl.env.TabularEnvironment;
import org.nabla.rl.tabular.DynamicProgramming;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nabla rl value-iteration}: solves a gridworld or FrozenLake from its transition table by value iteration and
 * by policy iteration, checks that both give the same policy, and evaluates it greedily; returns.csv holds the
 * evaluation episodes' returns (planning runs no training episodes).
 */
@Command(name = "value-iteration", mixinStandardHelpOptions = true, description = "Value iteration (and policy iteration, compared) on a known MDP.")
final class RlValueIterationCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RlOptions o;

    @Option(names = "--gamma", paramLabel = "G", defaultValue = "0.99", description = "Discount. Default: ${DEFAULT-VALUE}.")
    double gamma;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "1e-10", description = "Stop when no value changes by more. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        RlEnvironment env = o.environment("frozenlake").require("value-iteration", "gridworld", "frozenlake");
        if (!(gamma >= 0 && gamma < 1) && !(gamma == 1 && env.name().equals("gridworld")))
            throw new UsageError("--gamma must be in [0, 1) (1 only on the gridworld), got " + gamma);
        RlRun run = new RlRun(o.out, "value-iteration", env);
        TabularEnvironment mdp = (TabularEnvironment) env.factory(o.seed).get();
        DynamicProgramming.Solution vi = DynamicProgramming.valueIteration(mdp.transitions(), gamma, tolerance);
        DynamicProgramming.Solution pi = DynamicProgramming.policyIteration(mdp.transitions(), gamma, tolerance);
        boolean same = Arrays.equals(vi.policy(), pi.policy());
        int episodes = o.evalEpisodes(env);
        @SuppressWarnings("unchecked")
        double[] returns = Evaluation.run(() -> (TabularEnvironment) env.factory(o.seed).get(), GreedyPolicy.of(vi.policy()), episodes, o.seed, 1);
        StringBuilder csv = new StringBuilder("episode,return\n");
        for (int i = 0; i < returns.length; i++) csv.append(i + 1).append(',').append(returns[i]).append('\n');
        run.write(RlRun.RETURNS, csv.toString());
        run.writeAgent("value-iteration", env, Map.of("policy", RlRun.list(vi.policy()), "values", RlRun.list(vi.values()), "gamma", gamma));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("gamma", gamma);
        s.put("value_iteration_sweeps", vi.iterations());
        s.put("policy_iteration_rounds", pi.iterations());
        s.put("policies_equal", same);
        s.put("start_value", vi.values()[0]);
        s.put("policy", RlRun.list(vi.policy()));
        s.put("evaluation", RlRun.evaluation(returns, env, o.seed));
        run.writeSummary("value-iteration", env, mdp.id(), o.seed, s);
        out.printf(java.util.Locale.ROOT, "%s: value iteration %d sweeps, policy iteration %d rounds, same policy: %s, V(start) = %.4f%n",
                mdp.id(), vi.iterations(), pi.iterations(), same, vi.values()[0]);
        out.print(RlPlayCommand.drawPolicy(mdp, vi.policy()));
        out.printf(java.util.Locale.ROOT, "greedy evaluation over %d episodes: mean return %.4f%n", episodes, Evaluation.mean(returns));
        out.println("run folder: " + run.dir());
        return 0;
    }
}

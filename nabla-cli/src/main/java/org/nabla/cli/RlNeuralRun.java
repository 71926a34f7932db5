package org.nabla.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nabla.io.SafeTensors;
import org.nabla.nn.Module;
import org.nabla.rl.agent.Features;
import org.nabla.rl.agent.TrainingHistory;
import org.nabla.rl.env.Environment;
import org.nabla.tensor.Tensor;

/**
 * What {@code rl dqn} and {@code rl reinforce} share once trained: the checkpoint (the weights of the best greedy
 * evaluation), agent.json (the network's shape), returns.csv/png and summary.json.
 */
final class RlNeuralRun {
    private RlNeuralRun() {}

    /** The environment's factory, typed for the agents (the observation type is the environment's own). */
    @SuppressWarnings("unchecked")
    static Supplier<Environment<Object>> factory(RlEnvironment env, long seed) {
        Supplier<Environment<?>> f = env.factory(seed);
        return () -> (Environment<Object>) f.get();
    }

    static int inputs(RlEnvironment env, long seed) { return Features.of(factory(env, seed).get()).size(); }

    static int actions(RlEnvironment env, long seed) { return factory(env, seed).get().actionSpace().n(); }

    static void write(java.io.PrintWriter out, RlRun run, String algorithm, RlEnvironment env, long seed, int[] hidden, Module network, TrainingHistory h,
                      Map<String, Object> options) {
        Environment<Object> e = factory(env, seed).get();
        Map<String, Tensor> weights = h.bestWeights() != null ? h.bestWeights() : network.stateDict();
        SafeTensors.save(run.dir().resolve(RlRun.MODEL), weights, Map.of("algorithm", algorithm));
        run.writeAgent(algorithm, env, Map.of("hidden", RlRun.list(hidden), "inputs", Features.of(e).size(), "actions", e.actionSpace().n(), "checkpoint", RlRun.MODEL));
        run.writeReturns(String.format(java.util.Locale.ROOT, "%s on %s: return per episode (%,d steps)", algorithm, e.id(), h.steps()), h);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("steps", h.steps());
        s.put("episodes", h.returns().size());
        s.put("solved_at_step", h.solvedAt() < 0 ? null : h.solvedAt());
        TrainingHistory.EvaluationPoint best = h.best();
        if (best != null) s.put("evaluation", Map.of("step", best.step(), "mean_return", best.mean(), "std_return", best.std(), "note",
                "the greedy evaluation of the saved weights (the best one of the run)"));
        List<Map<String, Object>> evals = h.evaluations().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", p.step());
            m.put("mean_return", p.mean());
            m.put("std_return", p.std());
            return m;
        }).toList();
        s.put("evaluations", evals);
        s.put("last_100_training_mean", h.recentMean(100));
        s.put("options", options);
        run.writeSummary(algorithm, env, e.id(), seed, s);
        out.printf(java.util.Locale.ROOT, "%s on %s: %,d steps, %,d episodes, %s; best greedy evaluation %.1f at step %,d; %.1f s wall, %.1f s CPU%n",
                algorithm, e.id(), h.steps(), h.returns().size(), h.solvedAt() < 0 ? "target not reached" : String.format("target reached at step %,d", h.solvedAt()),
                best == null ? Double.NaN : best.mean(), best == null ? 0 : best.step(), run.wallSeconds(), run.cpuSeconds());
        out.println("run folder: " + run.dir());
    }

    /** Parses {@code --hidden 256,256}. */
    static int[] hidden(String spec) {
        try {
            int[] h = Arrays.stream(spec.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            for (int v : h) if (v < 1) throw new NumberFormatException();
            return h;
        } catch (NumberFormatException e) {
            throw new UsageError("--hidden: comma-separated positive layer widths (e.g. 256,256), got '" + spec + "'");
        }
    }
}

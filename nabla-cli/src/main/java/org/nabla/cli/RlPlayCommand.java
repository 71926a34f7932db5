package org.nabla.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.nabla.io.Json;
import org.nabla.io.SafeTensors;
import org.nabla.nn.Module;
import org.nabla.rl.agent.Evaluation;
import org.nabla.rl.agent.Features;
import org.nabla.rl.agent.GreedyPolicy;
import org.nabla.rl.agent.Networks;
import org.nabla.rl.env.Environment;
import org.nabla.rl.env.TabularEnvironment;
import org.nabla.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla rl play RUN}: rebuilds the agent of an rl run folder (its agent.json, and model.safetensors for a
 * neural agent) and runs its greedy policy; {@code --render} prints every frame.
 */
@Command(name = "play", mixinStandardHelpOptions = true, description = "Runs the greedy policy of an rl run folder.")
final class RlPlayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run folder written by 'nabla rl ...'.")
    Path runDir;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "100", description = "Episodes. Default: ${DEFAULT-VALUE}.")
    int episodes;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "12345", description = "Episode i starts from reset(S + i). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--render", description = "Print each episode's frames (one episode at a time).")
    boolean render;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads. Default: $NABLA_THREADS or the number of cores.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (episodes < 1) throw new UsageError("--episodes must be positive, got " + episodes);
        Path agentFile = runDir.resolve(RlRun.AGENT);
        if (!Files.isRegularFile(agentFile)) {
            if (Files.isRegularFile(runDir.resolve(RunFolder.CONFIG)) || Files.isDirectory(runDir.resolve("checkpoint")))
                throw new IllegalArgumentException(runDir + ": 'nabla rl play' does not apply: it is a 'nabla train' run (a classifier, regressor or "
                        + "language model), not an rl run: use 'nabla eval' or 'nabla predict'");
            throw new IllegalArgumentException(runDir + ": not an rl run folder (no " + RlRun.AGENT + ")");
        }
        Map<String, Object> agent = Json.parseObject(RlRun.read(agentFile));
        String algorithm = String.valueOf(agent.get("algorithm"));
        RlEnvironment env = RlEnvironment.fromJson(agent.get("env"), agentFile.toString());
        if (algorithm.equals("bandit"))
            throw new IllegalArgumentException(runDir + ": 'nabla rl play' does not apply: a bandit run compares exploration strategies; its regrets are in summary.json");
        return RlCommand.withThreads(spec, threads, () -> {
            Supplier<Environment<Object>> make = RlNeuralRun.factory(env, 0);
            GreedyPolicy<Object> policy = policy(agent, make.get(), agentFile);
            double[] returns = Evaluation.run(make, policy, episodes, seed, 100, render ? out::println : null);
            Map<String, Object> e = RlRun.evaluation(returns, env, seed);
            out.printf(java.util.Locale.ROOT, "%s (%s) on %s: mean return %.2f ± %.2f over %d episodes%s%n", runDir, algorithm, make.get().id(),
                    e.get("mean_return"), e.get("std_return"), episodes,
                    e.containsKey("success_rate") ? String.format(java.util.Locale.ROOT, ", success rate %.3f", (double) e.get("success_rate")) : "");
            return 0;
        });
    }

    @SuppressWarnings("unchecked")
    private GreedyPolicy<Object> policy(Map<String, Object> agent, Environment<Object> env, Path where) {
        if (agent.get("policy") instanceof List<?> list) {
            int[] p = list.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
            if (p.length != ((org.nabla.rl.env.Space.Discrete) env.observationSpace()).n())
                throw new IllegalArgumentException(where + ": the policy has " + p.length + " states, " + env.id() + " has " + env.observationSpace());
            GreedyPolicy<Integer> tabular = GreedyPolicy.of(p);
            return (obs, actions) -> tabular.act((List<Integer>) (List<?>) obs, actions);
        }
        if (!(agent.get("hidden") instanceof List<?> hidden) || !(agent.get("checkpoint") instanceof String checkpoint))
            throw new IllegalArgumentException(where + ": neither a policy nor a network (hidden, checkpoint)");
        Features<Object> features = Features.of(env);
        Module net = Networks.mlp(features.size(), hidden.stream().mapToInt(v -> ((Number) v).intValue()).toArray(), env.actionSpace().n(), new Generator(0));
        net.loadStateDict(SafeTensors.load(runDir.resolve(checkpoint)), true);
        return GreedyPolicy.of(net, features);
    }

    /** The policy drawn on the environment's map. */
    static String drawPolicy(TabularEnvironment env, int[] policy) { return env.renderPolicy(policy); }
}

package org.nabla.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.io.AtomicFiles;
import org.nabla.rl.agent.Evaluation;
import org.nabla.rl.agent.TrainingHistory;

/**
 * An {@code rl} run folder: agent.json (what {@code rl play} rebuilds the agent from: algorithm, environment,
 * network or policy), returns.csv (one row per training episode), returns.png (returns with their moving average
 * and the greedy evaluations), model.safetensors for neural agents, and summary.json (the evaluation, time; written
 * last).
 */
final class RlRun {
    static final String AGENT = "agent.json", RETURNS = "returns.csv", MODEL = "model.safetensors";

    final RunFolder folder;
    private final long startNanos = System.nanoTime();
    private final Duration startCpu = cpu();

    RlRun(Path out, String algorithm, RlEnvironment env) { folder = RunFolder.create(out, "rl-" + algorithm + "-" + env.name()); }

    Path dir() { return folder.dir(); }

    double wallSeconds() { return (System.nanoTime() - startNanos) / 1e9; }

    /** CPU time of the whole process since the run began (all threads, the JIT's included). */
    double cpuSeconds() { return (cpu().toNanos() - startCpu.toNanos()) / 1e9; }

    private static Duration cpu() { return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO); }

    /** returns.csv and returns.png from a training history. */
    void writeReturns(String title, TrainingHistory h) {
        int n = h.returns().size();
        long[] ends = new long[n];
        double[] returns = new double[n];
        for (int i = 0; i < n; i++) {
            ends[i] = h.episodeEnds().get(i);
            returns[i] = h.returns().get(i);
        }
        List<TrainingHistory.EvaluationPoint> evals = h.evaluations();
        writeReturns(title, ends, returns, evals.stream().mapToLong(TrainingHistory.EvaluationPoint::step).toArray(),
                evals.stream().mapToDouble(TrainingHistory.EvaluationPoint::mean).toArray());
    }

    void writeReturns(String title, long[] episodeEnds, double[] returns, long[] evalSteps, double[] evalMeans) {
        StringBuilder csv = new StringBuilder("episode,end_step,return\n");
        for (int i = 0; i < returns.length; i++) csv.append(i + 1).append(',').append(episodeEnds[i]).append(',').append(returns[i]).append('\n');
        write(RETURNS, csv.toString());
        Plots.returns(title, episodeEnds, returns, Math.max(1, Math.min(100, returns.length / 10)), evalSteps, evalMeans, dir().resolve("returns.png"));
    }

    void write(String name, String text) { AtomicFiles.write(dir().resolve(name), text.getBytes(StandardCharsets.UTF_8)); }

    /** The evaluation block of summary.json: episodes, mean and standard deviation of the return, FrozenLake's success rate. */
    static Map<String, Object> evaluation(double[] returns, RlEnvironment env, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        double mean = Evaluation.mean(returns), var = 0;
        for (double r : returns) var += (r - mean) * (r - mean);
        m.put("episodes", returns.length);
        m.put("first_seed", seed);
        m.put("mean_return", mean);
        m.put("std_return", Math.sqrt(var / returns.length));
        if (env.name().equals("frozenlake")) m.put("success_rate", mean); // reward 1 at the goal, else 0
        return m;
    }

    /** Fields every summary.json of an rl run holds, then the file itself (last: it marks the run completed). */
    void writeSummary(String algorithm, RlEnvironment env, String envId, long seed, Map<String, Object> fields) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("algorithm", algorithm);
        s.put("env", envId);
        s.put("seed", seed);
        s.putAll(fields);
        s.put("wall_seconds", wallSeconds());
        s.put("cpu_seconds", cpuSeconds());
        s.put("java", Runtime.version().toString());
        folder.writeJson(RunFolder.SUMMARY, s);
    }

    /** agent.json: {@code algorithm}, the environment, and the algorithm's own fields. */
    void writeAgent(String algorithm, RlEnvironment env, Map<String, Object> fields) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("algorithm", algorithm);
        a.put("env", env.toJson());
        a.putAll(fields);
        folder.writeJson(AGENT, a);
    }

    /** Arrays as the lists Json writes. */
    static List<Integer> list(int[] values) { return java.util.Arrays.stream(values).boxed().toList(); }

    static List<Double> list(double[] values) { return java.util.Arrays.stream(values).boxed().toList(); }

    static List<List<Double>> list(double[][] rows) { return java.util.Arrays.stream(rows).map(RlRun::list).toList(); }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}

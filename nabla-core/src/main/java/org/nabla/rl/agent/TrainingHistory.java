package org.nabla.rl.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * What an agent's training produced: each episode's return and the step it ended at, the periodic greedy
 * evaluations, the first step at which an evaluation reached the target, and the weights of the best evaluation.
 */
public final class TrainingHistory {
    /** A greedy evaluation after {@code step} environment steps: the mean and standard deviation of its returns. */
    public record EvaluationPoint(long step, double mean, double std) {}

    private final List<Double> returns = new ArrayList<>();
    private final List<Long> episodeEnds = new ArrayList<>();
    private final List<EvaluationPoint> evaluations = new ArrayList<>();
    private final Consumer<String> log;
    private long solvedAt = -1, steps;
    private EvaluationPoint best;
    private Map<String, Tensor> bestWeights;

    /** {@code log} receives a line per evaluation (null: silent). */
    public TrainingHistory(Consumer<String> log) { this.log = log; }

    void episode(long step, double ret) {
        returns.add(ret);
        episodeEnds.add(step);
    }

    /** Records an evaluation of {@code model}'s current weights; returns whether it reached {@code target}. */
    boolean evaluation(long step, double[] evalReturns, Module model, double target) {
        double mean = Evaluation.mean(evalReturns), var = 0;
        for (double r : evalReturns) var += (r - mean) * (r - mean);
        EvaluationPoint p = new EvaluationPoint(step, mean, Math.sqrt(var / evalReturns.length));
        evaluations.add(p);
        if (best == null || mean > best.mean) {
            best = p;
            bestWeights = Networks.snapshot(model);
        }
        boolean reached = mean >= target;
        if (reached && solvedAt < 0) solvedAt = step;
        if (log != null)
            log.accept(String.format("step %,d: %d episodes, last 20 mean %.1f, greedy evaluation %.1f ± %.1f over %d episodes%s", step,
                    returns.size(), recentMean(20), mean, p.std, evalReturns.length, reached ? " (target " + target + " reached)" : ""));
        return reached;
    }

    void steps(long steps) { this.steps = steps; }

    /** The mean return of the last {@code n} training episodes (0 before any). */
    public double recentMean(int n) {
        int from = Math.max(0, returns.size() - n);
        double s = 0;
        for (int i = from; i < returns.size(); i++) s += returns.get(i);
        return returns.size() == from ? 0 : s / (returns.size() - from);
    }

    public List<Double> returns() { return Collections.unmodifiableList(returns); }

    public List<Long> episodeEnds() { return Collections.unmodifiableList(episodeEnds); }

    public List<EvaluationPoint> evaluations() { return Collections.unmodifiableList(evaluations); }

    /** The first step at which a greedy evaluation reached the target, or -1. */
    public long solvedAt() { return solvedAt; }

    /** Environment steps run. */
    public long steps() { return steps; }

    public EvaluationPoint best() { return best; }

    /** The weights of the best evaluation (null when none ran). */
    public Map<String, Tensor> bestWeights() { return bestWeights; }
}

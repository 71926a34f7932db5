package org.nabla.train.gradient;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * Per-parameter gradient statistics for monitoring, every {@code everySteps} steps (and on the first): the L2 norm,
 * the mean and largest |g| and the fraction of exact zeros (dead units), logged as
 * {@code grad/<parameter>/norm}, {@code .../mean_abs}, {@code .../max_abs} and {@code .../zero_fraction} into the
 * batch's logs, where callbacks read them ({@code onBatchEnd}); {@link #last()} keeps the latest.
 */
public final class GradientStats implements GradientTransform {
    /** One parameter's statistics. */
    public record Stats(double norm, double meanAbs, double maxAbs, double zeroFraction) {}

    private final int everySteps;
    private Map<String, Stats> last = Map.of();

    public GradientStats(int everySteps) {
        if (everySteps < 1) throw new IllegalArgumentException("GradientStats: everySteps must be at least 1, got " + everySteps);
        this.everySteps = everySteps;
    }

    @Override
    public void apply(GradientContext g) {
        if ((g.step() - 1) % everySteps != 0) return;
        Map<String, Stats> stats = new LinkedHashMap<>();
        g.parameters().forEach((name, p) -> {
            Tensor grad = p.grad();
            if (grad == null) return;
            Tensor a = grad.abs();
            Stats s = new Stats(Math.sqrt(a.mul(a).sum().item()), a.mean().item(), a.max().item(), grad.eq(0).mean().item());
            stats.put(name, s);
            String key = "grad/" + name + "/";
            g.log(key + "norm", s.norm());
            g.log(key + "mean_abs", s.meanAbs());
            g.log(key + "max_abs", s.maxAbs());
            g.log(key + "zero_fraction", s.zeroFraction());
        });
        last = Collections.unmodifiableMap(stats);
    }

    /** The statistics of the last step that computed them, by parameter. */
    public Map<String, Stats> last() { return last; }

    @Override public String toString() { return "GradientStats(every " + everySteps + " steps)"; }
}

package org.nabla.optim.schedule;

import org.nabla.optim.Optimizer;

/**
 * Linear warm-up (or decay), as PyTorch 1.13's {@code LinearLR}: the rate's factor moves linearly from
 * {@code startFactor} at step 0 to {@code endFactor} at step {@code totalIters}, then stays, i.e. in closed form
 * lr_t = lr_0 · (start + (end − start) · min(t, totalIters) / totalIters). Computed recursively like PyTorch:
 * lr_0' = lr_0 · start, then lr_t = lr_{t−1} · (1 + (end − start) / (totalIters·start + (t − 1)·(end − start)))
 * for 0 &lt; t ≤ totalIters.
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor, endFactor;
    private final int totalIters;

    /** A 5-step warm-up from a third of the rate: start 1/3, end 1, 5 iterations (PyTorch's defaults). */
    public LinearLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 1.0, 5); }

    /**
     * @param startFactor in (0, 1] (0 is rejected: the recursive form would divide by zero, as PyTorch 1.13 does)
     * @param endFactor   in [0, 1]
     */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (!(startFactor > 0 && startFactor <= 1))
            throw new IllegalArgumentException("LinearLR: startFactor must be in (0, 1], got " + startFactor);
        if (!(endFactor >= 0 && endFactor <= 1))
            throw new IllegalArgumentException("LinearLR: endFactor must be in [0, 1], got " + endFactor);
        if (totalIters < 1) throw new IllegalArgumentException("LinearLR: totalIters must be >= 1, got " + totalIters);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = groupLrs();
        if (lastEpoch == 0) {
            for (int i = 0; i < lr.length; i++) lr[i] *= startFactor;
        } else if (lastEpoch <= totalIters) {
            double factor = 1. + (endFactor - startFactor) / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
            for (int i = 0; i < lr.length; i++) lr[i] *= factor;
        }
        return lr;
    }
}

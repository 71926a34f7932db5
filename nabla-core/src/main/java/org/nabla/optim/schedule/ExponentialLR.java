package org.nabla.optim.schedule;

import org.nabla.optim.Optimizer;

/**
 * Exponential decay, as PyTorch 1.13's {@code ExponentialLR}: lr_t = lr_0 · gamma^t, computed recursively
 * (lr ← lr · gamma at every step after step 0). The continuous form lr_t = lr_0 · e^(−k·t) is the same schedule
 * with gamma = e^(−k): see {@link #withDecayRate}.
 */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        if (!(gamma > 0)) throw new IllegalArgumentException("ExponentialLR: gamma must be > 0, got " + gamma);
        this.gamma = gamma;
        initialStep();
    }

    /** lr_t = lr_0 · e^(−k·t): ExponentialLR with gamma = e^(−k). */
    public static ExponentialLR withDecayRate(Optimizer optimizer, double k) {
        if (!(k >= 0) || Double.isInfinite(k)) throw new IllegalArgumentException("ExponentialLR: decay rate k must be finite and >= 0, got " + k);
        return new ExponentialLR(optimizer, Math.exp(-k));
    }

    public double gamma() { return gamma; }

    @Override
    protected double[] computeLr() {
        double[] lr = groupLrs();
        if (lastEpoch == 0) return lr;
        for (int i = 0; i < lr.length; i++) lr[i] *= gamma;
        return lr;
    }
}

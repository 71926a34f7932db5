package org.nabla.optim.schedule;

import org.nabla.optim.Optimizer;

/**
 * Step decay, as PyTorch 1.13's {@code StepLR}: every {@code stepSize} epochs the rate is multiplied by
 * {@code gamma}, i.e. lr_t = lr_0 · gamma^⌊t / stepSize⌋ (computed recursively: at t &gt; 0 with t mod stepSize = 0,
 * lr ← lr · gamma; otherwise unchanged).
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /** With gamma 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, 0.1); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) throw new IllegalArgumentException("StepLR: stepSize must be >= 1, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = groupLrs();
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return lr;
        for (int i = 0; i < lr.length; i++) lr[i] *= gamma;
        return lr;
    }
}

package org.nabla.optim.schedule;

import java.util.Arrays;
import org.nabla.optim.Optimizer;

/**
 * Multi-step decay, as PyTorch 1.13's {@code MultiStepLR}: at each milestone epoch the rate is multiplied by
 * {@code gamma} (by gamma^k for a milestone listed k times), i.e. lr_t = lr_0 · gamma^(number of milestones ≤ t).
 */
public final class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    /** With gamma 0.1. */
    public MultiStepLR(Optimizer optimizer, int[] milestones) { this(optimizer, milestones, 0.1); }

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        int hits = 0;
        for (int m : milestones) if (m == lastEpoch) hits++;
        double[] lr = groupLrs();
        if (hits == 0) return lr;
        double factor = Math.pow(gamma, hits);
        for (int i = 0; i < lr.length; i++) lr[i] *= factor;
        return lr;
    }
}

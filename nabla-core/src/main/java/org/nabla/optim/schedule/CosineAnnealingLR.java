package org.nabla.optim.schedule;

import org.nabla.optim.Optimizer;

/**
 * Cosine annealing (the SGDR curve without restarts), as PyTorch 1.13's {@code CosineAnnealingLR}: the closed form
 * is lr_t = eta_min + (lr_0 − eta_min) · (1 + cos(π·t / T_max)) / 2, but like PyTorch it is computed recursively
 * from the current rate,
 * <pre>
 *   lr_t = eta_min + (lr_{t−1} − eta_min) · (1 + cos(π·t/T_max)) / (1 + cos(π·(t−1)/T_max)),
 * </pre>
 * with PyTorch's special case at (t − 1 − T_max) mod 2·T_max = 0 (where the ratio would be 0/0):
 * lr_t = lr_{t−1} + (lr_0 − eta_min) · (1 − cos(π/T_max)) / 2. Past T_max the rate rises again along the cosine.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /** With eta_min 0. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) throw new IllegalArgumentException("CosineAnnealingLR: T_max must be >= 1, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lr = groupLrs();
        if (lastEpoch == 0) return lr;
        if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
            for (int i = 0; i < lr.length; i++) lr[i] += (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            return lr;
        }
        double ratio = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax));
        for (int i = 0; i < lr.length; i++) lr[i] = ratio * (lr[i] - etaMin) + etaMin;
        return lr;
    }
}

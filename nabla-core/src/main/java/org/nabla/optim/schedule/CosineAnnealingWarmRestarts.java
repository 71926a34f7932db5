package org.nabla.optim.schedule;

import java.util.Map;
import org.nabla.optim.Optimizer;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov &amp; Hutter, 2017), as PyTorch 1.13's
 * {@code CosineAnnealingWarmRestarts}:
 * <pre>
 *   lr = eta_min + (lr_0 − eta_min) · (1 + cos(π · T_cur / T_i)) / 2
 * </pre>
 * where T_cur counts the epochs since the last restart and the i-th period lasts T_i = T_0 · T_mult^i epochs.
 * {@link #step()} advances one epoch; {@link #step(double)} jumps to a (possibly fractional) epoch, for stepping
 * once per batch with {@code epoch + batch / batchesPerEpoch}.
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
    private final int t0, tMult;
    private final double etaMin;
    private double tCur;
    private double tI;

    /** With T_mult 1 and eta_min 0. */
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) { this(optimizer, t0, 1, 0); }

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        if (t0 < 1) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: expected a positive T_0, got " + t0);
        if (tMult < 1) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: expected T_mult >= 1, got " + tMult);
        this.t0 = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        this.tI = t0;
        this.tCur = -1;
        initialStep();
    }

    @Override
    public void step() {
        if (lastEpoch < 0) {
            step(0);
            return;
        }
        stepCount++;
        tCur += 1;
        if (tCur >= tI) {
            tCur -= tI;
            tI *= tMult;
        }
        lastEpoch++;
        apply(computeLr());
    }

    /** Jumps to {@code epoch} (≥ 0, may be fractional) and sets the rates for it. */
    public void step(double epoch) {
        if (!(epoch >= 0)) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: expected a non-negative epoch, got " + epoch);
        stepCount++;
        if (epoch >= t0) {
            if (tMult == 1) {
                tCur = epoch % t0;
            } else {
                int n = (int) (Math.log(epoch / t0 * (tMult - 1) + 1) / Math.log(tMult));
                tCur = epoch - t0 * (Math.pow(tMult, n) - 1) / (tMult - 1);
                tI = t0 * Math.pow(tMult, n);
            }
        } else {
            tI = t0;
            tCur = epoch;
        }
        lastEpoch = (int) Math.floor(epoch);
        apply(computeLr());
    }

    @Override
    protected double[] computeLr() {
        double[] lr = new double[baseLrs.length];
        for (int i = 0; i < lr.length; i++) lr[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
        return lr;
    }

    @Override
    protected void saveExtra(Map<String, Double> out) {
        out.put("T_cur", tCur);
        out.put("T_i", tI);
    }

    @Override
    protected void loadExtra(Map<String, Double> state) {
        tCur = need(state, "T_cur");
        tI = need(state, "T_i");
    }
}

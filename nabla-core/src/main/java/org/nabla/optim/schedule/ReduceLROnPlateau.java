package org.nabla.optim.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.optim.Optimizer;
import org.nabla.optim.ParamGroup;

/**
 * Reduce the learning rate when a metric stops improving, as PyTorch 1.13's {@code ReduceLROnPlateau}. Call
 * {@link #step(double)} with the metric (e.g. the validation loss) once per epoch. A value is an improvement when
 * it beats the best so far by the threshold: in mode MIN, a &lt; best·(1 − threshold) (relative) or
 * a &lt; best − threshold (absolute); in mode MAX, a &gt; best·(1 + threshold) or a &gt; best + threshold. After more
 * than {@code patience} epochs without one, every group's rate becomes max(lr · factor, min_lr) (skipped when that
 * changes it by no more than eps), and the next {@code cooldown} epochs do not count as bad.
 */
public final class ReduceLROnPlateau {
    public enum Mode { MIN, MAX }

    public enum ThresholdMode { REL, ABS }

    /** Settings: {@code ReduceLROnPlateau.options().patience(5).factor(0.5)}. */
    public static final class Options {
        private Mode mode = Mode.MIN;
        private double factor = 0.1, threshold = 1e-4, eps = 1e-8;
        private int patience = 10, cooldown = 0;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private double[] minLr = {0};

        private Options() {}

        /** MIN (default) for a loss, MAX for an accuracy. */
        public Options mode(Mode mode) { this.mode = mode; return this; }

        /** The multiplier of the rate on a plateau, &lt; 1 (default 0.1). */
        public Options factor(double factor) { this.factor = factor; return this; }

        /** Epochs without improvement tolerated before reducing (default 10). */
        public Options patience(int patience) { this.patience = patience; return this; }

        /** The improvement needed to count (default 1e-4, relative). */
        public Options threshold(double threshold) { this.threshold = threshold; return this; }

        public Options thresholdMode(ThresholdMode thresholdMode) { this.thresholdMode = thresholdMode; return this; }

        /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
        public Options cooldown(int cooldown) { this.cooldown = cooldown; return this; }

        /** The lowest rate, one value or one per param group (default 0). */
        public Options minLr(double... minLr) { this.minLr = minLr.clone(); return this; }

        /** Reductions smaller than this are skipped (default 1e-8). */
        public Options eps(double eps) { this.eps = eps; return this; }
    }

    public static Options options() { return new Options(); }

    private final Optimizer optimizer;
    private final Mode mode;
    private final ThresholdMode thresholdMode;
    private final double factor, threshold, eps;
    private final int patience, cooldown;
    private final double[] minLrs;
    private double best;
    private int numBadEpochs, cooldownCounter, lastEpoch;
    private double[] lastLr;

    /** With the default settings. */
    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, options()); }

    public ReduceLROnPlateau(Optimizer optimizer, Options o) {
        if (!(o.factor < 1)) throw new IllegalArgumentException("ReduceLROnPlateau: factor should be < 1.0, got " + o.factor);
        if (o.patience < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + o.patience);
        if (o.cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + o.cooldown);
        this.optimizer = optimizer;
        int groups = optimizer.paramGroups().size();
        if (o.minLr.length == 1) {
            minLrs = new double[groups];
            java.util.Arrays.fill(minLrs, o.minLr[0]);
        } else if (o.minLr.length == groups) {
            minLrs = o.minLr.clone();
        } else {
            throw new IllegalArgumentException("ReduceLROnPlateau: expected " + groups + " min_lrs, got " + o.minLr.length);
        }
        this.mode = o.mode;
        this.thresholdMode = o.thresholdMode;
        this.factor = o.factor;
        this.threshold = o.threshold;
        this.eps = o.eps;
        this.patience = o.patience;
        this.cooldown = o.cooldown;
        best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        lastLr = groupLrs();
    }

    /** Feeds one epoch's metric; may lower the rates. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric, best)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0; // bad epochs in cooldown do not count
        }
        if (numBadEpochs > patience) {
            List<ParamGroup> groups = optimizer.paramGroups();
            for (int i = 0; i < groups.size(); i++) {
                double old = groups.get(i).lr(), lr = Math.max(old * factor, minLrs[i]);
                if (old - lr > eps) groups.get(i).setLr(lr);
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = groupLrs();
    }

    private boolean isBetter(double a, double best) {
        if (mode == Mode.MIN) return thresholdMode == ThresholdMode.REL ? a < best * (1. - threshold) : a < best - threshold;
        return thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1.) : a > best + threshold;
    }

    private double[] groupLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) out[i] = groups.get(i).lr();
        return out;
    }

    /** The groups' rates after the last step (before the first: the current rates). */
    public List<Double> getLastLr() {
        List<Double> out = new ArrayList<>(lastLr.length);
        for (double v : lastLr) out.add(v);
        return out;
    }

    /** The best metric so far. */
    public double best() { return best; }

    /** Epochs since the last improvement (reset by a reduction and during cooldown). */
    public int numBadEpochs() { return numBadEpochs; }

    public int lastEpoch() { return lastEpoch; }

    public Map<String, Double> stateDict() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("best", best);
        out.put("num_bad_epochs", (double) numBadEpochs);
        out.put("cooldown_counter", (double) cooldownCounter);
        out.put("last_epoch", (double) lastEpoch);
        for (int i = 0; i < lastLr.length; i++) out.put("last_lr." + i, lastLr[i]);
        return out;
    }

    public void loadStateDict(Map<String, Double> state) {
        best = need(state, "best");
        numBadEpochs = (int) need(state, "num_bad_epochs");
        cooldownCounter = (int) need(state, "cooldown_counter");
        lastEpoch = (int) need(state, "last_epoch");
        for (int i = 0; i < lastLr.length; i++) lastLr[i] = need(state, "last_lr." + i);
    }

    private static double need(Map<String, Double> state, String key) {
        Double v = state.get(key);
        if (v == null) throw new IllegalArgumentException("ReduceLROnPlateau.loadStateDict: missing '" + key + "'");
        return v;
    }
}

package org.nabla.optim.schedule;

import java.util.List;
import org.nabla.optim.Optimizer;
import org.nabla.optim.ParamGroup;

/**
 * The one-cycle policy (Smith &amp; Topin, 2018), as PyTorch 1.13's {@code OneCycleLR}, stepped once per batch
 * for {@code totalSteps} batches. With initial_lr = max_lr / div_factor and min_lr = initial_lr /
 * final_div_factor, the rate anneals from initial_lr up to max_lr over the first pct_start · totalSteps − 1 steps,
 * then down to min_lr at step totalSteps − 1 (three-phase: up, back down to initial_lr over as many steps, then
 * to min_lr). Each phase anneals by cosine, a + (b − a)·(1 − cos(π·pct))/2 written as
 * b + (a − b)/2 · (1 + cos(π·pct)), or linearly, with pct the fraction of the phase done.
 *
 * <p>With {@code cycleMomentum} (the default) the momentum moves inversely, from max_momentum down to
 * base_momentum and back: SGD's and RMSprop's {@code momentum}, Adam's and AdamW's {@code beta1}. Like PyTorch,
 * the constructor sets it to max_momentum (so SGD without momentum gains some), and it stores initial_lr, max_lr,
 * min_lr, max_momentum and base_momentum in each param group's {@link ParamGroup#schedulerValues()}.
 */
public final class OneCycleLR extends LRScheduler {
    public enum Anneal { COS, LINEAR }

    /** The default fraction of the cycle spent increasing the rate. */
    public static final double DEFAULT_PCT_START = 0.3;

    /** The policy's settings: {@code OneCycleLR.options(0.1).totalSteps(1000)}. */
    public static final class Options {
        private double[] maxLr;
        private int totalSteps = -1, epochs = -1, stepsPerEpoch = -1;
        private double pctStart = DEFAULT_PCT_START, divFactor = 25, finalDivFactor = 1e4;
        private double[] baseMomentum = {0.85}, maxMomentum = {0.95};
        private Anneal anneal = Anneal.COS;
        private boolean cycleMomentum = true, threePhase = false;

        private Options(double[] maxLr) { this.maxLr = maxLr.clone(); }

        public Options totalSteps(int totalSteps) { this.totalSteps = totalSteps; return this; }

        /** The total steps as epochs · stepsPerEpoch, instead of {@link #totalSteps}. */
        public Options epochs(int epochs, int stepsPerEpoch) { this.epochs = epochs; this.stepsPerEpoch = stepsPerEpoch; return this; }

        /** The fraction of the cycle spent increasing the rate (default 0.3). */
        public Options pctStart(double pctStart) { this.pctStart = pctStart; return this; }

        public Options anneal(Anneal anneal) { this.anneal = anneal; return this; }

        public Options cycleMomentum(boolean cycleMomentum) { this.cycleMomentum = cycleMomentum; return this; }

        /** The lowest momentum (default 0.85), one value or one per param group. */
        public Options baseMomentum(double... baseMomentum) { this.baseMomentum = baseMomentum.clone(); return this; }

        /** The highest momentum (default 0.95), one value or one per param group. */
        public Options maxMomentum(double... maxMomentum) { this.maxMomentum = maxMomentum.clone(); return this; }

        /** initial_lr = max_lr / divFactor (default 25). */
        public Options divFactor(double divFactor) { this.divFactor = divFactor; return this; }

        /** min_lr = initial_lr / finalDivFactor (default 1e4). */
        public Options finalDivFactor(double finalDivFactor) { this.finalDivFactor = finalDivFactor; return this; }

        public Options threePhase(boolean threePhase) { this.threePhase = threePhase; return this; }
    }

    /** Settings with the peak rate: one value, or one per param group. */
    public static Options options(double... maxLr) { return new Options(maxLr); }

    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {}

    private final int totalSteps;
    private final Phase[] phases;
    private final Anneal anneal;
    private final boolean cyclesMomentum;

    public OneCycleLR(Optimizer optimizer, Options o) {
        super(optimizer);
        if (o.totalSteps == -1 && o.epochs == -1)
            throw new IllegalArgumentException("OneCycleLR: define either totalSteps or (epochs and stepsPerEpoch)");
        if (o.totalSteps != -1) {
            if (o.totalSteps <= 0) throw new IllegalArgumentException("OneCycleLR: expected a positive totalSteps, got " + o.totalSteps);
            totalSteps = o.totalSteps;
        } else {
            if (o.epochs <= 0) throw new IllegalArgumentException("OneCycleLR: expected a positive epochs, got " + o.epochs);
            if (o.stepsPerEpoch <= 0) throw new IllegalArgumentException("OneCycleLR: expected a positive stepsPerEpoch, got " + o.stepsPerEpoch);
            totalSteps = Math.multiplyExact(o.epochs, o.stepsPerEpoch);
        }
        if (!(o.pctStart >= 0 && o.pctStart <= 1)) throw new IllegalArgumentException("OneCycleLR: expected pctStart in [0, 1], got " + o.pctStart);
        double up = o.pctStart * totalSteps - 1;
        phases = o.threePhase
                ? new Phase[] {
                    new Phase(up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    new Phase(2 * o.pctStart * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                    new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")}
                : new Phase[] {
                    new Phase(up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")};
        double start = 0;
        for (Phase p : phases) {
            if (!(p.endStep > start))
                throw new IllegalArgumentException("OneCycleLR: a phase would have no steps (totalSteps " + totalSteps + ", pctStart " + o.pctStart
                        + "): the warm-up must end after step 0 and before step totalSteps - 1");
            start = p.endStep;
        }
        this.anneal = o.anneal;

        List<ParamGroup> groups = optimizer.paramGroups();
        double[] maxLrs = perGroup("maxLr", o.maxLr, groups.size());
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            g.setSchedulerValue("initial_lr", maxLrs[i] / o.divFactor);
            g.setSchedulerValue("max_lr", maxLrs[i]);
            g.setSchedulerValue("min_lr", g.schedulerValue("initial_lr") / o.finalDivFactor);
        }
        if (o.cycleMomentum) {
            if (!optimizer.defaults().hasCycledMomentum())
                throw new IllegalArgumentException("OneCycleLR: cycleMomentum needs an optimizer with momentum or betas, "
                        + optimizer.name() + " has neither (use cycleMomentum(false))");
            cyclesMomentum = true;
            double[] maxM = perGroup("maxMomentum", o.maxMomentum, groups.size());
            double[] baseM = perGroup("baseMomentum", o.baseMomentum, groups.size());
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                g.setMomentum(maxM[i]);
                g.setSchedulerValue("max_momentum", maxM[i]);
                g.setSchedulerValue("base_momentum", baseM[i]);
            }
        } else {
            cyclesMomentum = false;
        }
        initialStep();
    }

    private static double[] perGroup(String name, double[] values, int groups) {
        if (values.length == 1) {
            double[] out = new double[groups];
            java.util.Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != groups) throw new IllegalArgumentException("OneCycleLR: expected " + groups + " values for " + name + ", got " + values.length);
        return values.clone();
    }

    public int totalSteps() { return totalSteps; }

    /** The fewest total steps a two-phase cycle with {@code pctStart} takes: the warm-up must end after step 0. */
    public static int minTotalSteps(double pctStart) {
        if (!(pctStart > 0 && pctStart <= 1)) throw new IllegalArgumentException("OneCycleLR: expected pctStart in (0, 1], got " + pctStart);
        int t = (int) Math.floor(1 / pctStart);
        while (pctStart * t - 1 <= 0) t++; // the first t with a warm-up phase that ends after step 0
        return t;
    }

    @Override
    protected double[] computeLr() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps)
            throw new IllegalStateException("OneCycleLR: tried to step " + (stepNum + 1) + " times; the specified number of total steps is " + totalSteps);
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int gi = 0; gi < lrs.length; gi++) {
            ParamGroup g = groups.get(gi);
            double start = 0;
            for (int i = 0; i < phases.length; i++) {
                Phase p = phases[i];
                if (stepNum <= p.endStep || i == phases.length - 1) {
                    double pct = (stepNum - start) / (p.endStep - start);
                    lrs[gi] = anneal(g.schedulerValue(p.startLr), g.schedulerValue(p.endLr), pct);
                    if (cyclesMomentum) g.setMomentum(anneal(g.schedulerValue(p.startMomentum), g.schedulerValue(p.endMomentum), pct));
                    break;
                }
                start = p.endStep;
            }
        }
        return lrs;
    }

    private double anneal(double start, double end, double pct) {
        return anneal == Anneal.COS ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
    }
}

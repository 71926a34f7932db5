package org.nabla.optim.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.optim.Optimizer;
import org.nabla.optim.ParamGroup;

/**
 * The base of the epoch- or iteration-driven learning-rate schedules, like PyTorch 1.13's
 * {@code torch.optim.lr_scheduler._LRScheduler}. Construction performs step 0 (which may already change the
 * learning rates, e.g. {@link LinearLR}'s warm-up start); afterwards call {@link #step()} once per epoch (or
 * iteration), after {@code optimizer.step()}.
 *
 * <p>Each step computes the new rate of every param group from the group's <em>current</em> rate (PyTorch's
 * chainable form), so several schedulers stepped together compose multiplicatively, and a rate changed from outside
 * is carried forward. The first scheduler on an optimizer records each group's starting rate as
 * {@code initial_lr} in the group's {@link ParamGroup#schedulerValues()}; {@link #baseLrs} are those values.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected double[] baseLrs;
    /** The index of the last step: 0 after construction. */
    protected int lastEpoch = -1;
    /** How many times {@link #step()} ran, including the one at construction. */
    protected int stepCount;
    private double[] lastLr;

    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer is null");
        this.optimizer = optimizer;
    }

    /**
     * Records the base rates and performs step 0; each subclass constructor calls it last, once its own fields are
     * set (PyTorch's {@code _initial_step}).
     */
    protected final void initialStep() {
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (!g.hasSchedulerValue("initial_lr")) g.setSchedulerValue("initial_lr", g.lr());
            baseLrs[i] = g.schedulerValue("initial_lr");
        }
        stepCount = 0;
        step();
    }

    /** Advances one epoch (or iteration) and sets every group's learning rate. */
    public void step() {
        stepCount++;
        lastEpoch++;
        apply(computeLr());
    }

    /** The new learning rate of each group at {@link #lastEpoch}, from the groups' current rates. */
    protected abstract double[] computeLr();

    /** Sets the groups' rates and remembers them for {@link #getLastLr()}. */
    protected final void apply(double[] lrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < lrs.length; i++) groups.get(i).setLr(lrs[i]);
        lastLr = lrs.clone();
    }

    /** The rates this scheduler set last, one per param group. */
    public List<Double> getLastLr() {
        List<Double> out = new ArrayList<>(lastLr.length);
        for (double v : lastLr) out.add(v);
        return out;
    }

    /** The index of the last step (0 right after construction). */
    public int lastEpoch() { return lastEpoch; }

    /** The current learning rates of the optimizer's groups. */
    protected final double[] groupLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) out[i] = groups.get(i).lr();
        return out;
    }

    // ------------------------------------------------------------ state

    /** The scheduler's progress as numbers (the optimizer's groups hold the rates themselves). */
    public Map<String, Double> stateDict() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("last_epoch", (double) lastEpoch);
        out.put("step_count", (double) stepCount);
        for (int i = 0; i < baseLrs.length; i++) out.put("base_lr." + i, baseLrs[i]);
        for (int i = 0; i < lastLr.length; i++) out.put("last_lr." + i, lastLr[i]);
        saveExtra(out);
        return out;
    }

    /** Restores {@link #stateDict()}; restore the optimizer too, which holds the current rates. */
    public void loadStateDict(Map<String, Double> state) {
        lastEpoch = (int) need(state, "last_epoch");
        stepCount = (int) need(state, "step_count");
        for (int i = 0; i < baseLrs.length; i++) baseLrs[i] = need(state, "base_lr." + i);
        for (int i = 0; i < lastLr.length; i++) lastLr[i] = need(state, "last_lr." + i);
        loadExtra(state);
    }

    /** Subclasses with more mutable state add it here. */
    protected void saveExtra(Map<String, Double> out) {}

    protected void loadExtra(Map<String, Double> state) {}

    protected final double need(Map<String, Double> state, String key) {
        Double v = state.get(key);
        if (v == null) throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: missing '" + key + "'");
        return v;
    }
}

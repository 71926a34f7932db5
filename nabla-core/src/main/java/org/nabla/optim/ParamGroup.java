package org.nabla.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nabla.tensor.Tensor;

/**
 * Parameters that share optimizer options, like an entry of PyTorch's {@code optimizer.param_groups}: e.g. a
 * pretrained backbone with {@code lr} 0 (or a small one) and a new head with a larger one. A group's options are
 * the optimizer's defaults with the group's overrides applied when the group is added to it:
 * {@code ParamGroup.of(head, o -> o.withLr(0.01))} for what every optimizer has, or the optimizer's own
 * {@code group} ({@code SGD.group(head, o -> o.withMomentum(0))}) for the rest.
 *
 * <p>Schedulers read and write {@link #lr()} and {@link #momentum()}, and keep their own numbers
 * ({@code initial_lr}, {@code max_lr}, ...) in {@link #schedulerValues()}, apart from the options, as PyTorch keeps
 * them in the group.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final UnaryOperator<OptimizerOptions> overrides;
    private final Map<String, Double> schedulerValues = new LinkedHashMap<>();
    private OptimizerOptions options; // set when the group is added to an optimizer

    private ParamGroup(List<? extends Tensor> params, UnaryOperator<OptimizerOptions> overrides) {
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
        this.overrides = overrides;
    }

    /** A group taking every option from the optimizer. */
    public static ParamGroup of(List<? extends Tensor> params) { return new ParamGroup(params, UnaryOperator.identity()); }

    /** A group whose options are the optimizer's with {@code overrides} applied (e.g. {@code o -> o.withLr(0.01)}). */
    public static ParamGroup of(List<? extends Tensor> params, UnaryOperator<OptimizerOptions> overrides) {
        return new ParamGroup(params, overrides);
    }

    /** A group overriding options of one kind of optimizer, whose options record is {@code type}. */
    public static <O extends OptimizerOptions> ParamGroup of(List<? extends Tensor> params, Class<O> type, UnaryOperator<O> overrides) {
        return new ParamGroup(params, o -> {
            if (!type.isInstance(o))
                throw new IllegalArgumentException("overrides " + OptionNames.typeName(type) + " but the optimizer takes " + OptionNames.typeName(o.getClass()));
            return overrides.apply(type.cast(o));
        });
    }

    public List<Tensor> params() { return params; }

    /** The group's options, once the group is in an optimizer. */
    public OptimizerOptions options() {
        if (options == null) throw new IllegalStateException("ParamGroup: not in an optimizer yet; its options come from the optimizer it is added to");
        return options;
    }

    /** The optimizer's defaults with this group's overrides applied. */
    OptimizerOptions resolve(OptimizerOptions defaults) { return overrides.apply(defaults); }

    boolean isAttached() { return options != null; }

    /** Replaces the options (adding the group to an optimizer, loading a checkpoint). */
    void setOptions(OptimizerOptions options) { this.options = options; }

    public double lr() { return options().lr(); }

    public ParamGroup setLr(double lr) {
        options = options().withLr(lr);
        return this;
    }

    /** Whether the optimizer has a momentum that schedules may cycle (SGD's and RMSprop's momentum, Adam's beta1). */
    public boolean hasMomentum() { return options().hasCycledMomentum(); }

    /** SGD's and RMSprop's momentum, Adam's and AdamW's beta1. */
    public double momentum() { return options().cycledMomentum(); }

    public ParamGroup setMomentum(double momentum) {
        options = options().withCycledMomentum(momentum);
        return this;
    }

    /** The numbers schedulers keep per group ({@code initial_lr}, {@code max_lr}, ...), read-only; saved with the optimizer. */
    public Map<String, Double> schedulerValues() { return Collections.unmodifiableMap(schedulerValues); }

    public boolean hasSchedulerValue(String key) { return schedulerValues.containsKey(key); }

    /** A scheduler's number; an error names the ones the group has. */
    public double schedulerValue(String key) {
        Double v = schedulerValues.get(key);
        if (v == null) throw new IllegalArgumentException("ParamGroup: no scheduler value '" + key + "'; the group has " + schedulerValues.keySet());
        return v;
    }

    public ParamGroup setSchedulerValue(String key, double value) {
        schedulerValues.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        return "ParamGroup(" + params.size() + " params, " + (options == null ? "not in an optimizer" : options) + ", " + schedulerValues + ")";
    }
}

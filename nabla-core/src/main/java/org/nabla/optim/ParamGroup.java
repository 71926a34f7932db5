package org.nabla.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * Parameters that share optimizer options, like an entry of PyTorch's {@code optimizer.param_groups}: e.g. a
 * pretrained backbone with {@code lr} 0 (or a small one) and a new head with a larger one. Options not set on the
 * group come from the optimizer's options when the group is added to it. Schedulers read and write {@link #lr()}
 * and may store their own numbers here ({@code initial_lr}, {@code max_lr}, ...), as PyTorch's do.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Double> options = new LinkedHashMap<>();

    private ParamGroup(List<? extends Tensor> params) {
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    /** A group taking every option from the optimizer. */
    public static ParamGroup of(List<? extends Tensor> params) { return new ParamGroup(params); }

    /** A group whose options set in {@code overrides} replace the optimizer's. */
    public static ParamGroup of(List<? extends Tensor> params, OptimizerOptions<?> overrides) {
        ParamGroup g = new ParamGroup(params);
        g.options.putAll(overrides.values());
        return g;
    }

    public List<Tensor> params() { return params; }

    /** The group's options by PyTorch name (booleans as 1/0), read-only. */
    public Map<String, Double> options() { return Collections.unmodifiableMap(options); }

    public boolean has(String key) { return options.containsKey(key); }

    /** The value of an option; an error names the options the group has. */
    public double get(String key) {
        Double v = options.get(key);
        if (v == null) throw new IllegalArgumentException("ParamGroup: no option '" + key + "'; the group has " + options.keySet());
        return v;
    }

    /** A boolean option (stored as 1/0). */
    public boolean flag(String key) { return get(key) != 0; }

    public ParamGroup set(String key, double value) {
        options.put(key, value);
        return this;
    }

    public ParamGroup set(String key, boolean value) { return set(key, value ? 1 : 0); }

    public double lr() { return get("lr"); }

    public ParamGroup setLr(double lr) { return set("lr", lr); }

    @Override
    public String toString() { return "ParamGroup(" + params.size() + " params, " + options + ")"; }
}

package org.nabla.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.Tensor;

/**
 * The base of every optimizer, like {@code torch.optim.Optimizer}: it sees only parameters (tensors), arranged in
 * {@link ParamGroup}s that each carry their own options, and keeps a {@link ParamState} per parameter.
 *
 * <p>{@link #step()} updates every parameter that has a gradient in place, under {@link GradMode#noGrad()};
 * parameters whose {@code grad()} is null (frozen ones, or ones the loss did not reach) are skipped entirely, as in
 * PyTorch, so neither their state nor weight decay moves them. Subclasses write the per-parameter rule in
 * {@link #update} with tensor ops and validate their options in {@link #validate}.
 */
public abstract class Optimizer {
    private final String name;
    private final OptimizerOptions defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, ParamState> state = new IdentityHashMap<>();

    /**
     * @param name     the optimizer's name, used in every error message
     * @param defaults the options every group starts from (a record: see {@link OptimizerOptions}); a NaN double
     *                 marks a required option that the groups must set
     * @param groups   the parameter groups, each with its overrides of {@code defaults}
     */
    protected Optimizer(String name, OptimizerOptions defaults, List<ParamGroup> groups) {
        this.name = name;
        if (defaults == null) throw new IllegalArgumentException(name + ": options are null");
        OptionNames.values(defaults); // fails unless a record of doubles and booleans
        this.defaults = defaults;
        if (groups.stream().allMatch(g -> g.params().isEmpty()))
            throw new IllegalArgumentException(name + ": got an empty parameter list");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /** The optimizer's name, e.g. "Adam". */
    public String name() { return name; }

    /** The options every group started from: the constructor's options. */
    public OptimizerOptions defaults() { return defaults; }

    /** The groups, in order; change their options (e.g. {@code setLr}) to steer the next steps. */
    public List<ParamGroup> paramGroups() { return Collections.unmodifiableList(groups); }

    /** The state of a parameter, or null before its first update. */
    public ParamState state(Tensor param) { return state.get(param); }

    /**
     * Adds a group (e.g. layers unfrozen later in fine-tuning). Its options are the defaults with its overrides
     * applied; invalid values, non-leaf or non-floating tensors and parameters already in a group are errors.
     */
    public void addParamGroup(ParamGroup group) {
        int index = groups.size();
        if (group.isAttached()) throw new IllegalArgumentException(name + ": param group " + index + " is already in an optimizer");
        OptimizerOptions options;
        try {
            options = group.resolve(defaults);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException(name + ": param group " + index + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": param group " + index + " " + e.getMessage(), e);
        }
        if (options == null || options.getClass() != defaults.getClass())
            throw new IllegalArgumentException(name + ": the overrides of param group " + index + " gave "
                    + (options == null ? "null" : OptionNames.typeName(options.getClass())) + ", expected " + OptionNames.typeName(defaults.getClass()));
        for (var e : OptionNames.numbers(options).entrySet())
            if (Double.isNaN(e.getValue()))
                throw new IllegalArgumentException(name + ": " + e.getKey() + " is required (set it in the options or in param group " + index + ")");
        validate(options, index);
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (ParamGroup g : groups) for (Tensor p : g.params()) seen.put(p, true);
        for (int i = 0; i < group.params().size(); i++) {
            Tensor p = group.params().get(i);
            String where = "parameter " + i + " of param group " + index;
            if (p == null) throw new IllegalArgumentException(name + ": " + where + " is null");
            if (!p.isLeaf())
                throw new IllegalArgumentException(name + ": can't optimize a non-leaf tensor (" + where + "); pass the leaf (e.g. a Parameter) instead");
            if (!p.dtype().isFloating())
                throw new IllegalArgumentException(name + ": can only optimize floating-point tensors, " + where + " is " + p.dtype());
            if (seen.put(p, true) != null)
                throw new IllegalArgumentException(name + ": " + where + " appears more than once among the param groups");
        }
        group.setOptions(options);
        groups.add(group);
    }

    // ------------------------------------------------------------ the update

    /** Checks one group's options (the optimizer's own record); errors name the optimizer, the option, its value and the group. */
    protected abstract void validate(OptimizerOptions options, int index);

    /**
     * Updates one parameter in place from its gradient (called under no-grad, only when the gradient is non-null).
     *
     * @param state this parameter's state, empty on its first update
     */
    protected abstract void update(ParamGroup group, Tensor param, Tensor grad, ParamState state);

    /** One update of every parameter that has a gradient. */
    public void step() {
        try (var s = GradMode.noGrad()) {
            for (ParamGroup g : groups)
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad != null) update(g, p, grad, state.computeIfAbsent(p, k -> new ParamState()));
                }
        }
    }

    /** Evaluates {@code closure} (which zeroes the gradients, computes the loss and calls backward) with grad on, then steps; returns its loss. */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (var s = GradMode.enableGrad()) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /**
     * Clears the gradients: sets them to null, so the next step skips parameters the next backward does not reach
     * (PyTorch 2's default, and what {@code Module.zeroGrad()} does).
     */
    public void zeroGrad() { zeroGrad(true); }

    /**
     * With {@code setToNone} false, fills existing gradients with zeros instead (PyTorch 1.13's default): a parameter
     * that then gets no new gradient is still stepped with a zero gradient (momentum and weight decay still act).
     */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups)
            for (Tensor p : g.params()) {
                if (p.grad() == null) continue;
                if (setToNone) p.setGrad(null);
                else p.setGrad(p.grad().detach().zero());
            }
    }

    // ------------------------------------------------------------ state

    /** A snapshot (copies) of the per-parameter state and the groups' options; see {@link OptimizerState}. */
    public OptimizerState stateDict() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> meta = new LinkedHashMap<>();
        meta.put("param_groups", (double) groups.size());
        int index = 0;
        try (var s = GradMode.noGrad()) {
            for (int gi = 0; gi < groups.size(); gi++) {
                ParamGroup g = groups.get(gi);
                String groupPrefix = "group." + gi + ".";
                meta.put(groupPrefix + "params", (double) g.params().size());
                OptionNames.numbers(g.options()).forEach((k, v) -> meta.put(groupPrefix + k, v));
                g.schedulerValues().forEach((k, v) -> meta.put(groupPrefix + k, v));
                for (Tensor p : g.params()) {
                    ParamState st = state.get(p);
                    if (st != null) {
                        String prefix = index + ".";
                        st.tensors().forEach((k, t) -> tensors.put(prefix + k, t.detach().copy()));
                        st.numbers().forEach((k, v) -> meta.put(prefix + k, v));
                    }
                    index++;
                }
            }
        }
        return new OptimizerState(tensors, meta);
    }

    /**
     * Replaces the per-parameter state and the groups' options with a snapshot from {@link #stateDict()} of an
     * optimizer of the same kind over parameters of the same shapes, grouped the same way. Tensors are copied and
     * cast to their parameter's dtype; afterwards steps continue exactly as the saved optimizer's would.
     */
    public void loadStateDict(OptimizerState saved) {
        String op = name + ".loadStateDict: ";
        Map<String, Double> meta = saved.metadata();
        Double groupCount = meta.get("param_groups");
        if (groupCount == null) throw new IllegalArgumentException(op + "the metadata has no 'param_groups' entry");
        if (groupCount.intValue() != groups.size())
            throw new IllegalArgumentException(op + "the state has " + groupCount.intValue() + " param groups, this optimizer has " + groups.size());
        List<Tensor> params = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            Double size = meta.get("group." + gi + ".params");
            int own = groups.get(gi).params().size();
            if (size == null || size.intValue() != own)
                throw new IllegalArgumentException(op + "param group " + gi + " has " + (size == null ? "no size" : size.intValue() + " params")
                        + " in the state, " + own + " params in this optimizer");
            params.addAll(groups.get(gi).params());
        }
        Map<Tensor, ParamState> loaded = new IdentityHashMap<>();
        try (var s = GradMode.noGrad()) {
            for (var e : saved.tensors().entrySet()) {
                Tensor p = paramFor(op, e.getKey(), params);
                Tensor t = e.getValue();
                if (!Arrays.equals(t.shape(), p.shape()))
                    throw new IllegalArgumentException(op + "'" + e.getKey() + "' has shape " + Arrays.toString(t.shape())
                            + " but its parameter has shape " + Arrays.toString(p.shape()));
                Tensor d = t.detach(), copy = d.to(p.dtype());
                loaded.computeIfAbsent(p, k -> new ParamState()).put(key(e.getKey()), copy == d ? d.copy() : copy.contiguous());
            }
        }
        for (var e : meta.entrySet()) {
            String k = e.getKey();
            if (k.equals("param_groups") || k.startsWith("group.")) continue;
            loaded.computeIfAbsent(paramFor(op, k, params), p -> new ParamState()).put(key(k), e.getValue());
        }
        Set<String> optionNames = OptionNames.numbers(defaults).keySet();
        List<Map<String, Double>> options = new ArrayList<>(), schedulerValues = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            options.add(new LinkedHashMap<>());
            schedulerValues.add(new LinkedHashMap<>());
        }
        for (var e : meta.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("group.")) continue;
            int dot = k.indexOf('.', 6);
            int gi = dot < 0 ? -1 : parseIndex(k.substring(6, dot));
            if (gi < 0 || gi >= groups.size()) throw new IllegalArgumentException(op + "bad key '" + k + "'");
            String option = k.substring(dot + 1);
            if (option.equals("params")) continue;
            (optionNames.contains(option) ? options : schedulerValues).get(gi).put(option, e.getValue());
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            g.setOptions(OptionNames.with(g.options(), options.get(gi), op + "param group " + gi));
            schedulerValues.get(gi).forEach(g::setSchedulerValue);
        }
        state.clear();
        state.putAll(loaded);
    }

    private static Tensor paramFor(String op, String key, List<Tensor> params) {
        int dot = key.indexOf('.');
        int i = dot < 0 ? -1 : parseIndex(key.substring(0, dot));
        if (i < 0 || i >= params.size())
            throw new IllegalArgumentException(op + "key '" + key + "' does not start with a parameter index in [0, " + params.size() + ")");
        return params.get(i);
    }

    private static String key(String full) { return full.substring(full.indexOf('.') + 1); }

    private static int parseIndex(String s) {
        if (s.isEmpty() || s.length() > 9) return -1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        return Integer.parseInt(s);
    }

    // ------------------------------------------------------------ helpers for subclasses

    /** Fails unless {@code lo <= value <= hi} (either bound may be infinite). */
    protected final void requireRange(int index, String key, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) throw invalid(index, key, value, lo == hi ? "must be " + lo
                : hi == Double.POSITIVE_INFINITY ? "must be >= " + lo : "must be in [" + lo + ", " + hi + "]");
    }

    /** Fails unless {@code lo <= value < hi}. */
    protected final void requireRangeOpen(int index, String key, double value, double lo, double hi) {
        if (!(value >= lo && value < hi)) throw invalid(index, key, value, "must be in [" + lo + ", " + hi + ")");
    }

    protected final IllegalArgumentException invalid(int index, String key, double value, String why) {
        return new IllegalArgumentException(name + ": invalid " + key + " " + value + " in param group " + index + ": " + why);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(" (");
        for (int i = 0; i < groups.size(); i++) {
            sb.append("\nParameter Group ").append(i);
            OptionNames.values(groups.get(i).options()).forEach((k, v) -> sb.append("\n    ").append(k).append(": ").append(v));
        }
        return sb.append("\n)").toString();
    }
}

package org.nabla.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.Tensor;

/**
 * The base of every layer, model and loss, like {@code torch.nn.Module}: it owns parameters, buffers (state that
 * is saved but not trained, such as running statistics) and child modules, in registration order; it is in train
 * or eval mode; and it computes its output in {@link #forward}. Invoke modules with {@link #call} (PyTorch's
 * {@code module(x)}), so that forward hooks and the model summary see every call.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final List<BiConsumer<Module, Tensor[]>> forwardHooks = new ArrayList<>();
    private boolean training = true;

    /** The computation; a model with one input overrides this. Modules with other signatures (losses) define their own. */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(name() + " does not take a single input tensor");
    }

    /** Runs forward and then the forward hooks with (input, output). */
    public final Tensor call(Tensor input) {
        Tensor output = forward(input);
        for (BiConsumer<Module, Tensor[]> hook : List.copyOf(forwardHooks)) hook.accept(this, new Tensor[] {input, output});
        return output;
    }

    /** Registers a hook called after every {@link #call} with {input, output}; close() removes it. */
    public AutoCloseable registerForwardHook(BiConsumer<Module, Tensor[]> hook) {
        forwardHooks.add(hook);
        return () -> forwardHooks.remove(hook);
    }

    // ------------------------------------------------------------ registration

    protected final Parameter registerParameter(String name, Parameter p) {
        checkName(name);
        parameters.put(name, p);
        return p;
    }

    protected final Tensor registerBuffer(String name, Tensor t) {
        checkName(name);
        buffers.put(name, t);
        return t;
    }

    protected final <M extends Module> M registerModule(String name, M m) {
        checkName(name);
        children.put(name, m);
        return m;
    }

    /** Replaces a registered buffer (e.g. a running mean updated out of place). */
    protected final void setBuffer(String name, Tensor t) {
        if (!buffers.containsKey(name)) throw new IllegalArgumentException(name() + ": no buffer named '" + name + "'");
        buffers.put(name, t);
    }

    protected final Tensor buffer(String name) { return buffers.get(name); }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException(name() + ": invalid name '" + name + "' (non-empty, no dots)");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException(name() + ": '" + name + "' is already registered");
    }

    // ------------------------------------------------------------ traversal

    /** Every parameter of this module and its descendants, each once, in registration order. */
    public List<Parameter> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Parameters by dotted path ("features.0.weight"); a parameter shared by two modules appears once. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect("", (prefix, m) -> m.parameters.forEach((k, p) -> {
            if (seen.add(p)) out.put(prefix + k, p);
        }));
        return out;
    }

    /** Buffers by dotted path. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", (prefix, m) -> m.buffers.forEach((k, b) -> out.put(prefix + k, b)));
        return out;
    }

    /** This module ("") and every descendant by dotted path. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collect("", (prefix, m) -> out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), m));
        return out;
    }

    /** The direct children by name. */
    public Map<String, Module> children() { return Collections.unmodifiableMap(children); }

    private void collect(String prefix, BiConsumer<String, Module> visit) {
        visit.accept(prefix, this);
        children.forEach((k, c) -> c.collect(prefix + k + ".", visit));
    }

    /** Applies fn to every descendant and then to this module (as PyTorch does), e.g. an initialiser. */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children.values()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    // ------------------------------------------------------------ modes and gradients

    public Module train() { return train(true); }

    public Module eval() { return train(false); }

    /** Sets train (true) or eval mode here and in every descendant. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) c.train(on);
        return this;
    }

    public boolean isTraining() { return training; }

    /** Stops gradients for every parameter (transfer learning: a frozen feature extractor). */
    public Module freeze() {
        for (Parameter p : parameters()) {
            p.setGrad(null);
            p.requiresGrad(false);
        }
        return this;
    }

    public Module unfreeze() {
        for (Parameter p : parameters()) p.requiresGrad(true);
        return this;
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Parameter p : parameters()) p.setGrad(null);
    }

    // ------------------------------------------------------------ state

    /** Parameters and buffers by dotted path, sharing storage with the module (copy them to keep a snapshot). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", (prefix, m) -> {
            m.parameters.forEach((k, p) -> out.put(prefix + k, p.detach()));
            m.buffers.forEach((k, b) -> out.put(prefix + k, b.detach()));
        });
        return out;
    }

    /**
     * Copies values into this module's parameters and buffers. With strict, missing and unexpected keys are errors;
     * a shape mismatch always is, naming the key and both shapes.
     */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        if (strict) {
            List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>();
            for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k);
            for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
            if (!missing.isEmpty() || !unexpected.isEmpty())
                throw new IllegalArgumentException("loadStateDict into " + name() + ": missing keys " + missing + ", unexpected keys " + unexpected);
        }
        // Every shape is checked before anything is copied, so a refused state leaves the module as it was.
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor target = own.get(e.getKey());
            if (target != null && !Arrays.equals(target.shape(), e.getValue().shape()))
                throw new IllegalArgumentException("loadStateDict into " + name() + ": '" + e.getKey() + "' has shape "
                        + Arrays.toString(e.getValue().shape()) + " but the module expects " + Arrays.toString(target.shape()));
        }
        try (var s = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                Tensor target = own.get(e.getKey());
                if (target != null) target.copyFrom(e.getValue());
            }
        }
    }

    // ------------------------------------------------------------ description

    /** The class name, as PyTorch prints it. */
    public String name() { return getClass().getSimpleName(); }

    /** The arguments shown between the parentheses in {@link #toString}, e.g. "in_features=4, out_features=2". */
    protected String extraRepr() { return ""; }

    /** PyTorch-style nested description of the module tree. */
    @Override
    public String toString() {
        if (children.isEmpty()) return name() + "(" + extraRepr() + ")";
        StringBuilder sb = new StringBuilder(name()).append("(");
        if (!extraRepr().isEmpty()) sb.append("\n  ").append(extraRepr());
        for (Map.Entry<String, Module> e : children.entrySet())
            sb.append("\n  (").append(e.getKey()).append("): ").append(e.getValue().toString().replace("\n", "\n  "));
        return sb.append("\n)").toString();
    }
}

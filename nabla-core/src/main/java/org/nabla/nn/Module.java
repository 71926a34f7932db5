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
import java.util.function.Supplier;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.Tensor;

/**
 * The base of every layer, model and loss, like {@code torch.nn.Module}: it owns parameters, buffers (state that
 * is saved but not trained, such as running statistics) and child modules, in registration order; it is in train
 * or eval mode; and it computes its output in a {@code forward} method.
 *
 * <p>Invocation: a one-in-one-out module overrides {@link #forward(Tensor)} and is run by {@link #call(Tensor)}
 * (PyTorch's {@code module(x)}). A module with other inputs or outputs declares its own typed entry point that goes
 * through {@link #invoke}, e.g. {@code public Out call(Tensor a, Tensor b) { return invoke(() -> forward(a, b), a, b); }};
 * several outputs are a record. Every entry point runs through {@link #invoke}, so forward hooks and the model
 * {@link Summary} see every call of every module, losses included.
 *
 * <p>Children: {@link #registerModule} returns a {@link Submodule} handle that reads the registry, so
 * {@link #replace} (e.g. a new classifier head) changes what forward uses.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Class<? extends Module>> childTypes = new LinkedHashMap<>();
    private final List<ForwardHook> forwardHooks = new ArrayList<>();
    private boolean training = true;

    /** The computation of a one-in-one-out module. Modules with other signatures (losses) define their own. */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(name() + " does not take a single input tensor; call its own typed call(...)");
    }

    /** Runs {@link #forward(Tensor)} through {@link #invoke}. */
    public final Tensor call(Tensor input) { return invoke(() -> forward(input), input); }

    /**
     * The one invocation path: runs forward, then every forward hook with (this, inputs, output), and returns the
     * output. Typed entry points call it with their forward and their inputs.
     */
    protected final <R> R invoke(Supplier<R> forward, Object... inputs) {
        R output = forward.get();
        if (!forwardHooks.isEmpty()) {
            List<Object> in = Collections.unmodifiableList(Arrays.asList(inputs));
            for (ForwardHook hook : List.copyOf(forwardHooks)) hook.after(this, in, output);
        }
        return output;
    }

    /** Runs op (a call into F), putting this module's description in front of an argument error's message. */
    protected final <R> R named(Supplier<R> op) {
        try {
            return op.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
        }
    }

    /** Registers a hook called after every invocation of this module; close() removes it. */
    public AutoCloseable registerForwardHook(ForwardHook hook) {
        if (hook == null) throw new IllegalArgumentException(name() + ": forward hook must not be null");
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

    /** Registers a child that any module may replace; forward reads it through the returned handle. */
    protected final Submodule<Module> registerModule(String name, Module m) { return registerModule(name, Module.class, m); }

    /** Registers a child that only an instance of type may replace (forward relies on it being one). */
    protected final <M extends Module> Submodule<M> registerModule(String name, Class<M> type, M m) {
        checkName(name);
        if (m == null) throw new IllegalArgumentException(name() + ": module '" + name + "' must not be null");
        children.put(name, type.cast(m));
        childTypes.put(name, type);
        return new Submodule<>(this, name, type);
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

    /** The descendant at a dotted path ("features.0"; "" is this module), like {@code get_submodule}. */
    public Module submodule(String path) {
        Module m = this;
        if (path.isEmpty()) return m;
        for (String part : path.split("\\.", -1)) {
            Module next = m.children.get(part);
            if (next == null)
                throw new IllegalArgumentException(name() + ": no submodule '" + path + "' (" + m.name() + " has " + describeChildren(m) + ")");
            m = next;
        }
        return m;
    }

    /**
     * Puts module where the dotted path names a registered child ("fc", "classifier.6") and returns the one it
     * replaced; the forward pass uses the new module from then on. The new module must have the type its parent
     * registered the child with, and must not contain the parent.
     */
    public Module replace(String path, Module module) {
        int dot = path.lastIndexOf('.');
        Module parent = submodule(dot < 0 ? "" : path.substring(0, dot));
        String name = path.substring(dot + 1);
        Module old = parent.children.get(name);
        if (old == null)
            throw new IllegalArgumentException("replace: " + name() + " has no submodule '" + path + "' (" + parent.name() + " has "
                    + describeChildren(parent) + ")");
        Class<? extends Module> type = parent.childTypes.get(name);
        if (module == null || !type.isInstance(module))
            throw new IllegalArgumentException("replace: '" + path + "' of " + name() + " must be a " + type.getSimpleName() + ", got "
                    + (module == null ? "null" : module.name()));
        if (module.namedModules().containsValue(parent))
            throw new IllegalArgumentException("replace: '" + path + "' would contain its own parent " + parent.name());
        parent.children.put(name, module);
        return old;
    }

    /** Whether {@link #replace} would take a module of this type at path (a child registered with a wider handle). */
    boolean accepts(String path, Class<? extends Module> type) {
        int dot = path.lastIndexOf('.');
        Module parent = submodule(dot < 0 ? "" : path.substring(0, dot));
        Class<? extends Module> slot = parent.childTypes.get(path.substring(dot + 1));
        return slot != null && slot.isAssignableFrom(type);
    }

    private static String describeChildren(Module m) {
        return m.children.isEmpty() ? "no children" : "children " + String.join(", ", m.children.keySet());
    }

    /** This module's own parameters (not its children's), for the summary. */
    Map<String, Parameter> ownParameters() { return Collections.unmodifiableMap(parameters); }

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
    public void loadStateDict(Map<String, Tensor> state, boolean strict) { loadStateDict(state, strict, false); }

    /**
     * Copies values into this module's parameters and buffers and says which keys it copied. With strict, missing
     * and unexpected keys are errors. A key whose shapes differ is an error naming it and both shapes, unless
     * {@code skipMismatched}: then it keeps the module's value and is reported in {@link StateDictLoad#mismatched()}
     * (transfer learning: a pretrained body under a new head sized to other classes, as after {@link #replace}).
     * Nothing is copied when the state is refused.
     */
    public StateDictLoad loadStateDict(Map<String, Tensor> state, boolean strict, boolean skipMismatched) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>(), loaded = new ArrayList<>();
        for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty()))
            throw new IllegalArgumentException("loadStateDict into " + name() + ": missing keys " + missing + ", unexpected keys " + unexpected);
        // Every shape is checked before anything is copied, so a refused state leaves the module as it was.
        for (Map.Entry<String, Tensor> e : own.entrySet()) { // in the module's order
            Tensor source = state.get(e.getKey());
            if (source == null) continue;
            if (Arrays.equals(source.shape(), e.getValue().shape())) loaded.add(e.getKey());
            else if (skipMismatched) mismatched.add(e.getKey());
            else throw new IllegalArgumentException("loadStateDict into " + name() + ": '" + e.getKey() + "' has shape "
                        + Arrays.toString(source.shape()) + " but the module expects " + Arrays.toString(e.getValue().shape()));
        }
        try (var s = GradMode.noGrad()) {
            for (String k : loaded) own.get(k).copyFrom(state.get(k));
        }
        return new StateDictLoad(loaded, missing, unexpected, mismatched);
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

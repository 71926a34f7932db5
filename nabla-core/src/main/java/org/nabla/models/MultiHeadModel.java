package org.nabla.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.nn.Identity;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.ModuleDict;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A shared trunk with several linear heads, for multi-task learning: {@link #callHeads} gives every head's output
 * by name, in head order; {@link #call(Tensor)} gives the first (main) head's alone, so the model is also a plain
 * classifier of its main task for evaluation, prediction and {@code Summary}. Keys: {@code trunk.*} and
 * {@code heads.<name>.weight/bias}.
 *
 * <p>{@link #split} makes one from any classifier: its last {@link Linear} becomes the main head (its weights kept)
 * and is replaced by an {@link Identity} in the trunk, whose output is then that layer's input features.
 */
public final class MultiHeadModel extends Module {
    private final Submodule<Module> trunk;
    private final Submodule<ModuleDict> heads;
    private final List<String> names;

    /** {@code heads} in order, the first the main task's; each takes the trunk's output. */
    public MultiHeadModel(Module trunk, Map<String, ? extends Module> heads) {
        if (heads.isEmpty()) throw new IllegalArgumentException("MultiHeadModel: needs at least one head");
        for (String name : heads.keySet())
            if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException("MultiHeadModel: a head's name must be non-empty and have no '.', got '" + name + "'");
        this.trunk = registerModule("trunk", trunk);
        this.heads = registerModule("heads", ModuleDict.class, new ModuleDict(heads));
        this.names = List.copyOf(heads.keySet());
    }

    /**
     * {@code classifier} split at its last {@link Linear} (in registration order): the trunk is the classifier with
     * that layer replaced by an {@link Identity}, the main head {@code mainHead} is that layer, and each of
     * {@code auxHeads} (name to classes) a new {@code Linear} of the same input width drawn from {@code gen}.
     */
    public static MultiHeadModel split(Module classifier, String mainHead, Map<String, Integer> auxHeads, Generator gen) {
        String last = null;
        for (var e : classifier.namedModules().entrySet()) if (e.getValue() instanceof Linear) last = e.getKey();
        if (last == null) throw new IllegalArgumentException("MultiHeadModel.split: " + classifier.name() + " has no Linear layer to make the main head of");
        if (last.isEmpty()) throw new IllegalArgumentException("MultiHeadModel.split: the classifier is a single Linear layer; there is no trunk to share");
        Linear main;
        try {
            main = (Linear) classifier.replace(last, new Identity());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MultiHeadModel.split: cannot take the Linear '" + last + "' out of " + classifier.name() + " (" + e.getMessage()
                    + "); build the trunk yourself: new MultiHeadModel(trunk, heads)", e);
        }
        Map<String, Module> heads = new LinkedHashMap<>();
        heads.put(mainHead, main);
        auxHeads.forEach((name, classes) -> {
            if (heads.containsKey(name)) throw new IllegalArgumentException("MultiHeadModel.split: two heads named '" + name + "'");
            if (classes < 1) throw new IllegalArgumentException("MultiHeadModel.split: head '" + name + "' needs at least 1 output, got " + classes);
            heads.put(name, new Linear(main.inFeatures(), classes, true, gen));
        });
        return new MultiHeadModel(classifier, heads);
    }

    /** Every head's output on {@code x} by head name, in head order (the trunk runs once). */
    public Map<String, Tensor> callHeads(Tensor x) { return invoke(() -> forwardHeads(x), x); }

    private Map<String, Tensor> forwardHeads(Tensor x) {
        Tensor features = trunk.get().call(x);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : names) out.put(name, heads.get().get(name).call(features));
        return Collections.unmodifiableMap(out);
    }

    /** The main (first) head's output. */
    @Override
    public Tensor forward(Tensor x) { return heads.get().get(names.get(0)).call(trunk.get().call(x)); }

    /** The heads' names, the main one first. */
    public List<String> headNames() { return names; }

    /** The shared trunk. */
    public Module trunk() { return trunk.get(); }

    /** The head {@code name}. */
    public Module head(String name) { return heads.get().get(name); }
}

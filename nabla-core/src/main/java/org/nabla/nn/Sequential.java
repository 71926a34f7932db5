package org.nabla.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nabla.tensor.Tensor;

/** Modules applied one after the other; children are named "0", "1", ... */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module. */
    public Sequential add(Module m) {
        registerModule(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    public Module get(int index) {
        if (index < 0 || index >= layers.size())
            throw new IndexOutOfBoundsException("Sequential: index " + index + " out of range for " + layers.size() + " modules");
        return layers.get(index);
    }

    public int size() { return layers.size(); }

    public List<Module> modules() { return Collections.unmodifiableList(layers); }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : layers) x = m.call(x);
        return x;
    }
}

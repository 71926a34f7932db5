package org.nabla.nn;

import java.util.List;
import org.nabla.tensor.Tensor;

/**
 * Modules applied one after the other, each to the previous one's output; children are named "0", "1", ... and
 * read from the registry on every forward, so {@code model.replace("6", new Linear(...))} takes effect.
 */
public final class Sequential extends Module {

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module. */
    public Sequential add(Module m) {
        registerModule(Integer.toString(size()), m);
        return this;
    }

    public Module get(int index) {
        if (index < 0 || index >= size())
            throw new IndexOutOfBoundsException("Sequential: index " + index + " out of range for " + size() + " modules");
        return children().get(Integer.toString(index));
    }

    public int size() { return children().size(); }

    /** The modules in order (a snapshot). */
    public List<Module> modules() { return List.copyOf(children().values()); }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : children().values()) x = m.call(x);
        return x;
    }
}

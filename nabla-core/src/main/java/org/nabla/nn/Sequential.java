package org.nabla.nn;

import java.util.List;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * Modules applied one after the other, each to the previous one's output; children are named "0", "1", ... (or
 * given names, as PyTorch's {@code nn.Sequential(OrderedDict(...))}: torchvision's DenseNet {@code features.conv0})
 * and read from the registry on every forward, so {@code model.replace("6", new Linear(...))} takes effect.
 */
public final class Sequential extends Module {

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** The modules in the map's order, under its names (a {@code LinkedHashMap}, like PyTorch's {@code OrderedDict}). */
    public Sequential(Map<String, ? extends Module> named) {
        named.forEach(this::add);
    }

    /** Appends a module, named by its position. */
    public Sequential add(Module m) {
        registerModule(Integer.toString(size()), m);
        return this;
    }

    /** Appends a module under a name (no dots, not yet used). */
    public Sequential add(String name, Module m) {
        registerModule(name, m);
        return this;
    }

    /** The module at this position, whatever its name. */
    public Module get(int index) {
        if (index < 0 || index >= size())
            throw new IndexOutOfBoundsException("Sequential: index " + index + " out of range for " + size() + " modules");
        return modules().get(index);
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

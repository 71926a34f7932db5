package org.nabla.nn;

import java.util.Iterator;
import java.util.List;

/**
 * An indexed list of child modules (named "0", "1", ...) whose parameters the parent sees, like
 * {@code torch.nn.ModuleList}; it has no forward: the owner calls the modules as its forward needs (e.g. the
 * layers of a recurrent stack). {@link #set} replaces one in place.
 */
public final class ModuleList extends Module implements Iterable<Module> {

    public ModuleList(Module... modules) {
        for (Module m : modules) add(m);
    }

    public ModuleList add(Module m) {
        registerModule(Integer.toString(size()), m);
        return this;
    }

    public Module get(int index) { return children().get(Integer.toString(checkIndex(index))); }

    /** Replaces the module at index and returns the old one. */
    public Module set(int index, Module m) { return replace(Integer.toString(checkIndex(index)), m); }

    public int size() { return children().size(); }

    /** The modules in order (a snapshot). */
    public List<Module> modules() { return List.copyOf(children().values()); }

    @Override
    public Iterator<Module> iterator() { return modules().iterator(); }

    private int checkIndex(int index) {
        if (index < 0 || index >= size())
            throw new IndexOutOfBoundsException("ModuleList: index " + index + " out of range for " + size() + " modules");
        return index;
    }
}

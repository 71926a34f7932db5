package org.nabla.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An indexed list of child modules (named "0", "1", ...) whose parameters the parent sees; it has no forward. */
public final class ModuleList extends Module {
    private final List<Module> modules = new ArrayList<>();

    public ModuleList(Module... modules) {
        for (Module m : modules) add(m);
    }

    public ModuleList add(Module m) {
        registerModule(Integer.toString(modules.size()), m);
        modules.add(m);
        return this;
    }

    public Module get(int index) {
        if (index < 0 || index >= modules.size())
            throw new IndexOutOfBoundsException("ModuleList: index " + index + " out of range for " + modules.size() + " modules");
        return modules.get(index);
    }

    public int size() { return modules.size(); }

    public List<Module> modules() { return Collections.unmodifiableList(modules); }
}

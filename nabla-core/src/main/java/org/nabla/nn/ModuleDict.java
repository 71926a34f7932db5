package org.nabla.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Child modules by name, in insertion order, like {@code torch.nn.ModuleDict} (e.g. one head per task); it has
 * no forward. {@link #put} of an existing name replaces that module.
 */
public final class ModuleDict extends Module {

    public ModuleDict() {}

    /** The entries of modules, in the map's iteration order. */
    public ModuleDict(Map<String, ? extends Module> modules) { modules.forEach(this::put); }

    /** Adds module under name, or replaces the module of that name; returns this. */
    public ModuleDict put(String name, Module module) {
        if (children().containsKey(name)) replace(name, module);
        else registerModule(name, module);
        return this;
    }

    /** The module of that name; an unknown name is an error listing the known ones. */
    public Module get(String name) {
        Module m = children().get(name);
        if (m == null) throw new IllegalArgumentException("ModuleDict: no module named '" + name + "'; it has " + keys());
        return m;
    }

    public boolean containsKey(String name) { return children().containsKey(name); }

    public Set<String> keys() { return children().keySet(); }

    public int size() { return children().size(); }

    /** The modules by name (a snapshot). */
    public Map<String, Module> modules() { return new LinkedHashMap<>(children()); }
}

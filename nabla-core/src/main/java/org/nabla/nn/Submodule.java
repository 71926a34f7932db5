package org.nabla.nn;

/**
 * A handle on a registered child module, returned by {@link Module#registerModule}: {@link #get} reads the
 * parent's registry, so after {@link Module#replace} the forward pass uses the new module. Keep the handle in a
 * field, not the module itself.
 *
 * @param <M> what a replacement must be (Module: anything)
 */
public final class Submodule<M extends Module> {
    private final Module owner;
    private final String name;
    private final Class<M> type;

    Submodule(Module owner, String name, Class<M> type) {
        this.owner = owner;
        this.name = name;
        this.type = type;
    }

    /** The module registered under this name now. */
    public M get() { return type.cast(owner.children().get(name)); }

    public String name() { return name; }

    /** The type every replacement must have. */
    public Class<M> type() { return type; }
}

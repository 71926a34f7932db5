package org.nabla.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named factories of one kind (models, optimizers, schedules, losses, datasets), each with a one-line description,
 * in registration order. The command line reads its choices and its help from registries, so adding a model is one
 * class and one {@link #register} call at the kind's registration point ({@code Models.REGISTRY}, ...).
 *
 * @param <T> what a name stands for: usually a factory
 */
public final class Registry<T> {
    /** One registered name. */
    public record Entry<T>(String name, String description, T value) {}

    private final String kind;
    private final Map<String, Entry<T>> entries = new LinkedHashMap<>();

    /** @param kind what the entries are, in errors ("model", "loss", ...) */
    public Registry(String kind) { this.kind = kind; }

    public String kind() { return kind; }

    /** Adds {@code name}; a name registered twice is an error (it would silently replace the first). */
    public synchronized Registry<T> register(String name, String description, T value) {
        if (name == null || name.isBlank() || !name.equals(name.strip()))
            throw new IllegalArgumentException("Registry of " + kind + "s: a name must be non-blank without surrounding spaces, got '" + name + "'");
        if (value == null) throw new IllegalArgumentException("Registry of " + kind + "s: '" + name + "' needs a value");
        if (entries.containsKey(name)) throw new IllegalArgumentException("Registry of " + kind + "s: '" + name + "' is already registered");
        entries.put(name, new Entry<>(name, description == null ? "" : description, value));
        return this;
    }

    public synchronized boolean contains(String name) { return entries.containsKey(name); }

    /** The value of {@code name}; an unknown name is an error listing the known ones. */
    public synchronized T get(String name) { return entry(name).value(); }

    public synchronized Entry<T> entry(String name) {
        Entry<T> e = entries.get(name);
        if (e == null) throw new IllegalArgumentException(unknown(name));
        return e;
    }

    /** The refusal of a name not registered: "unknown model 'x'; available: mlp, lenet5, cnn". */
    public synchronized String unknown(String name) { return "unknown " + kind + " '" + name + "'; available: " + String.join(", ", names()); }

    /** The names, in registration order. */
    public synchronized List<String> names() { return List.copyOf(entries.keySet()); }

    public synchronized List<Entry<T>> entries() { return Collections.unmodifiableList(List.copyOf(entries.values())); }

    @Override
    public String toString() { return "Registry(" + kind + ": " + String.join(", ", names()) + ")"; }
}

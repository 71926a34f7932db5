package org.nabla.backend;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.nabla.backend.cpu.CpuBackendProvider;

/**
 * The one place the backend is chosen, once per process: the {@link BackendProvider} named by the system property
 * {@code nabla.backend}, else the available provider of highest priority, else the CPU one. Ops read the result
 * from a constant ({@code Tensor}'s), so the lookup never sits on a hot path.
 */
public final class Backends {
    /** The system property that names a provider. */
    public static final String PROPERTY = "nabla.backend";

    private Backends() {}

    private static final class Holder {
        static final Backend CURRENT = choose(System.getProperty(PROPERTY), providers()).create();
    }

    /** The process's backend, chosen on first use. */
    public static Backend current() { return Holder.CURRENT; }

    /** The providers found by the service loader, the CPU one always among them. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> found = new java.util.ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(found::add);
        if (found.stream().noneMatch(p -> p instanceof CpuBackendProvider)) found.add(new CpuBackendProvider());
        return found;
    }

    /** The provider called name (null: the available one of highest priority). */
    static BackendProvider choose(String name, List<BackendProvider> providers) {
        if (name != null && !name.isBlank()) {
            for (BackendProvider p : providers) {
                if (!p.name().equals(name.trim())) continue;
                if (!p.isAvailable()) throw new IllegalStateException("backend " + name + " is not available on this machine");
                return p;
            }
            throw new IllegalStateException("no backend named " + name + " (-D" + PROPERTY + "); found: "
                    + providers.stream().map(BackendProvider::name).toList());
        }
        return providers.stream().filter(BackendProvider::isAvailable)
                .max(Comparator.comparingInt(BackendProvider::priority)).orElseThrow();
    }
}

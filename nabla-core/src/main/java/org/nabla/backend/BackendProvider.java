package org.nabla.backend;

/**
 * A backend that can be plugged in: the CPU one ships with nabla-core; another module (a GPU backend) declares its
 * own with {@code provides org.nabla.backend.BackendProvider with ...} (or a {@code META-INF/services} entry on the
 * class path), and {@link Backends} picks it.
 */
public interface BackendProvider {

    /** The name {@code -Dnabla.backend=NAME} selects, e.g. "cpu". */
    String name();

    /** Among the available providers the highest priority wins unless nabla.backend names one; the CPU's is 0. */
    default int priority() { return 0; }

    /** False when the hardware or native library this backend needs is missing here. */
    default boolean isAvailable() { return true; }

    /** The backend; called once per process. */
    Backend create();
}

package org.nabla.backend.cpu;

import org.nabla.backend.Backend;
import org.nabla.backend.BackendProvider;

/** The CPU backend, available everywhere: the default. */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String name() { return "cpu"; }

    @Override
    public Backend create() { return CpuBackend.INSTANCE; }
}

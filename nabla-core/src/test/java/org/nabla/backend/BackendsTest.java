package org.nabla.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {
    /** A provider that delegates to the CPU backend, standing in for a second (GPU) one. */
    private record Fake(String name, int priority, boolean isAvailable) implements BackendProvider {
        @Override
        public Backend create() { return Backends.current(); }
    }

    @Test
    void theCpuBackendIsFoundByTheServiceLoaderAndIsTheDefault() {
        assertThat(Backends.providers()).extracting(BackendProvider::name).containsExactly("cpu");
        assertThat(Backends.choose(null, Backends.providers()).name()).isEqualTo("cpu");
    }

    @Test
    void theAvailableProviderOfHighestPriorityWinsUnlessOneIsNamed() {
        BackendProvider cpu = Backends.providers().getFirst();
        var gpu = new Fake("gpu", 10, true);
        var broken = new Fake("tpu", 20, false);
        assertThat(Backends.choose(null, List.of(cpu, gpu, broken))).isSameAs(gpu);
        assertThat(Backends.choose("cpu", List.of(cpu, gpu, broken))).isSameAs(cpu);
        assertThatThrownBy(() -> Backends.choose("tpu", List.of(cpu, gpu, broken)))
                .hasMessage("backend tpu is not available on this machine");
        assertThatThrownBy(() -> Backends.choose("metal", List.of(cpu, gpu)))
                .hasMessageContaining("no backend named metal").hasMessageContaining("[cpu, gpu]");
    }
}

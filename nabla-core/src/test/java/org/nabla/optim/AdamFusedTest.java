package org.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Adam's one-pass float32 update gives the same bits as its tensor-op form (taken for non-contiguous parameters). */
class AdamFusedTest {
    private static void assertSameSteps(Function<List<Tensor>, Optimizer> make) {
        assertSameSteps(make, 5, 7);        // vector lanes and a scalar tail
        assertSameSteps(make, 200, 181);    // long enough to be split between threads
    }

    private static void assertSameSteps(Function<List<Tensor>, Optimizer> make, int rows, int cols) {
        Generator gen = new Generator(3);
        Tensor dense = Tensor.randn(gen, rows, cols);
        Tensor strided = dense.detach().t().copy().t();  // same values, not contiguous: the tensor-op path
        assertThat(strided.isContiguous()).isFalse();
        Optimizer fused = make.apply(List.of(dense)), plain = make.apply(List.of(strided));
        for (int step = 0; step < 4; step++) {
            Tensor g = Tensor.randn(gen, rows, cols);
            dense.setGrad(g);
            strided.setGrad(g.detach().t().copy().t());
            fused.step();
            plain.step();
            assertThat(dense.toFloatArray()).as("step %d", step).containsExactly(strided.toFloatArray());
        }
    }

    @Test
    void plainAdam() { assertSameSteps(p -> new Adam(p, Adam.Options.defaults().withLr(1e-2))); }

    @Test
    void l2WeightDecayAmsgradAndMaximize() {
        assertSameSteps(p -> new Adam(p, Adam.Options.defaults().withLr(3e-3).withWeightDecay(0.1).withAmsgrad(true).withBetas(0.8, 0.99).withEps(1e-6)));
        assertSameSteps(p -> new Adam(p, Adam.Options.defaults().withLr(1e-3).withMaximize(true)));
    }

    @Test
    void decoupledWeightDecay() { assertSameSteps(p -> new AdamW(p, AdamW.Options.defaults().withLr(1e-2).withWeightDecay(0.05))); }
}

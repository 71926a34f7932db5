package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.nabla.backend.cpu.Parallel;
import org.nabla.nn.Linear;
import org.nabla.optim.SGD;

class RunContextTest {
    /** What one run produced, and the thread count its kernels saw. */
    private record Outcome(float[] weights, int threadsSeen) {}

    /** A small regression trained with everything drawn from the context's default generator. */
    private static Outcome train(int threads, long seed) throws Exception {
        try (RunContext run = RunContext.of(threads, seed)) {
            return run.call(() -> {
                Linear layer = new Linear(128, 96); // initialised from Generator.global()
                Tensor x = Tensor.randn(512, 128), y = Tensor.randn(512, 96);
                SGD opt = new SGD(layer.parameters(), SGD.Options.defaults().withLr(0.01));
                for (int step = 0; step < 20; step++) {
                    layer.call(x).sub(y).square().mean().backward();
                    opt.step();
                    opt.zeroGrad();
                }
                return new Outcome(layer.weight.toFloatArray(), Parallel.threads());
            });
        }
    }

    @Test
    void twoRunsOnTwoThreadsKeepTheirOwnThreadCountAndRandomStream() throws Exception {
        Outcome aloneA = train(3, 1), aloneB = train(1, 2);
        var pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                var a = CompletableFuture.supplyAsync(() -> unchecked(3, 1), pool);
                var b = CompletableFuture.supplyAsync(() -> unchecked(1, 2), pool);
                assertThat(a.get().threadsSeen()).isEqualTo(3);
                assertThat(b.get().threadsSeen()).isEqualTo(1);
                assertThat(a.get().weights()).isEqualTo(aloneA.weights());
                assertThat(b.get().weights()).isEqualTo(aloneB.weights());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(aloneA.weights()).isNotEqualTo(aloneB.weights());
        assertThat(RunContext.active()).isNull();
    }

    @Test
    void outsideAContextTheProcessDefaultsApply() throws Exception {
        Generator processGenerator = Generator.global();
        try (RunContext run = RunContext.of(2, 7)) {
            run.run(() -> {
                assertThat(Generator.global()).isSameAs(run.generator()).isNotSameAs(processGenerator);
                assertThat(Parallel.threads()).isEqualTo(2);
            });
        }
        assertThat(Generator.global()).isSameAs(processGenerator);
        assertThatThrownBy(() -> RunContext.of(0, 1)).hasMessage("threads must be from 1 to " + RunContext.MAX_THREADS + ", got 0");
    }

    private static Outcome unchecked(int threads, long seed) {
        try {
            return train(threads, seed);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

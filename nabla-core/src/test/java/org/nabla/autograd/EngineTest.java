package org.nabla.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EngineTest {

    private static Tensor leaf(double... values) { return Tensor.of(values).requiresGrad(true); }

    // ---------------------------------------------------------------- accumulation and seeds

    @Test
    void gradientsAccumulateOverTwoBackwardCalls() {
        Tensor x = leaf(1, 2);
        x.mul(3).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 3);
        x.mul(x).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(5, 7);
        x.setGrad(null);
        x.mul(x).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 4);
    }

    @Test
    void backwardOfANonScalarTakesTheUpstreamGradient() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        y.backward(Tensor.of(new double[] {1, 10, 100}));
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 40, 600);
        // The upstream gradient is cast to the output's dtype.
        Tensor z = leaf(1, 2);
        z.mul(2).backward(Tensor.of(new float[] {1, 1}));
        assertThat(z.grad().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(z.grad().toDoubleArray()).containsExactly(2, 2);
    }

    @Test
    void backwardRefusesAGradientOfTheWrongShape() {
        Tensor y = leaf(1, 2, 3).mul(2);
        assertThatThrownBy(() -> y.backward(Tensor.ones(DType.FLOAT64, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backward: gradient shape [2] does not match output shape [3]");
    }

    @Test
    void aTensorUsedSeveralTimesGetsTheSumOfItsGradients() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).add(x).sum().backward(); // d/dx (x^2 + x) = 2x + 1
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 5, 7);

        // A diamond: both branches start from the same intermediate.
        Tensor w = leaf(2);
        Tensor h = w.mul(3);
        h.mul(h).add(h.exp()).sum().backward(); // d/dw (9w^2 + e^{3w}) = 18w + 3e^{3w}
        assertThat(w.grad().item()).isCloseTo(36 + 3 * Math.exp(6), within(1e-9));
    }

    @Test
    void onlyInputsThatRequireGradReceiveGradients() {
        Tensor x = leaf(1, 2), c = Tensor.of(new double[] {5, 6});
        x.mul(c).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(5, 6);
        assertThat(c.grad()).isNull();
    }

    @Test
    void gradientsArriveInTheInputsDtype() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {3, 4}).requiresGrad(true);
        x.mul(y).sum().backward();
        assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.grad().toFloatArray()).containsExactly(3f, 4f);
        assertThat(y.grad().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(y.grad().toDoubleArray()).containsExactly(1, 2);
    }

    @Test
    void eachLeafOwnsItsGradientStorage() {
        // The sum's gradient is one broadcast tensor that add hands to both inputs unchanged.
        Tensor a = leaf(1, 2, 3), b = leaf(4, 5, 6);
        a.add(b).sum().backward();
        assertThat(a.grad().storage()).isNotSameAs(b.grad().storage());
        assertThat(a.grad().isContiguous()).isTrue();
        try (var s = GradMode.noGrad()) {
            a.grad().mulInPlace(10);
        }
        assertThat(a.grad().toDoubleArray()).containsExactly(10, 10, 10);
        assertThat(b.grad().toDoubleArray()).containsExactly(1, 1, 1);

        // A leaf that is itself the root does not alias the caller's gradient tensor.
        Tensor x = leaf(1, 2);
        Tensor seed = Tensor.of(new double[] {7, 8});
        x.backward(seed);
        seed.fill(0);
        assertThat(x.grad().toDoubleArray()).containsExactly(7, 8);
    }

    @Test
    void theSourceOfScatterAddGetsZeroGradientWhereTheIndexDoesNotReach() {
        Tensor src = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor index = Tensor.of(new long[] {1, 0}, 2, 1);
        Tensor out = Tensor.zeros(DType.FLOAT64, 2, 2).scatterAdd(1, index, src);
        assertThat(out.toDoubleArray()).containsExactly(0, 1, 4, 0);
        out.backward(Tensor.of(new double[] {10, 20, 30, 40}, 2, 2));
        assertThat(src.grad().shape()).containsExactly(2, 3);
        assertThat(src.grad().toDoubleArray()).containsExactly(20, 0, 0, 30, 0, 0);
    }

    // ---------------------------------------------------------------- grad mode and detach

    @Test
    void noGradStopsRecordingAndNestedScopesRestoreThePreviousMode() {
        Tensor x = leaf(1, 2);
        assertThat(GradMode.isEnabled()).isTrue();
        try (var outer = GradMode.noGrad()) {
            Tensor y = x.mul(2);
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.gradFn()).isNull();
            try (var inner = GradMode.noGrad()) {
                assertThat(GradMode.isEnabled()).isFalse();
            }
            assertThat(GradMode.isEnabled()).as("closing the inner noGrad keeps the outer one").isFalse();
            try (var on = GradMode.enableGrad()) {
                assertThat(GradMode.isEnabled()).isTrue();
                assertThat(x.mul(2).requiresGrad()).isTrue();
            }
            assertThat(GradMode.isEnabled()).isFalse();
        }
        assertThat(GradMode.isEnabled()).isTrue();
        assertThat(x.mul(2).gradFn().name()).isEqualTo("Mul");
    }

    @Test
    void gradModeIsPerThread() throws InterruptedException {
        AtomicReference<Boolean> otherThread = new AtomicReference<>();
        try (var s = GradMode.noGrad()) {
            Thread t = new Thread(() -> otherThread.set(GradMode.isEnabled()));
            t.start();
            t.join();
        }
        assertThat(otherThread.get()).isTrue();
    }

    @Test
    void detachSharesDataButCutsTheGraph() {
        Tensor x = leaf(1, 2, 3);
        Tensor d = x.detach();
        assertThat(d.storage()).isSameAs(x.storage());
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.gradFn()).isNull();
        x.mul(x.detach()).sum().backward(); // only the first factor is differentiated
        assertThat(x.grad().toDoubleArray()).containsExactly(1, 2, 3);
        Tensor y = x.mul(2);
        assertThat(y.detach().isLeaf()).isTrue();
    }

    // ---------------------------------------------------------------- hooks and retained gradients

    @Test
    void aHookObservesTheGradientAndReturningNullKeepsIt() {
        Tensor x = leaf(1, 2);
        List<double[]> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return null;
        });
        x.mul(3).sum().backward();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).containsExactly(3, 3);
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 3);
    }

    @Test
    void aHookCanReplaceTheGradientOfALeaf() {
        Tensor x = leaf(1, 2);
        x.registerHook(g -> g.mul(10));
        x.registerHook(g -> g.add(1)); // hooks run in registration order
        x.mul(x).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(21, 41);
    }

    @Test
    void aHookOnANonLeafChangesWhatFlowsUpstream() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(x);
        List<double[]> seen = new ArrayList<>();
        h.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return g.mul(0.5);
        });
        h.mul(4).sum().backward();
        assertThat(seen.get(0)).containsExactly(4, 4);
        assertThat(x.grad().toDoubleArray()).containsExactly(4, 8); // 0.5 * 4 * 2x
        assertThat(h.grad()).as("a non-leaf keeps no gradient unless retainGrad() was called").isNull();
    }

    @Test
    void closingTheHandleRemovesTheHook() throws Exception {
        Tensor x = leaf(1);
        int[] calls = {0};
        AutoCloseable handle = x.registerHook(g -> {
            calls[0]++;
            return g.mul(100);
        });
        x.mul(2).sum().backward();
        handle.close();
        x.setGrad(null);
        x.mul(2).sum().backward();
        assertThat(calls[0]).isEqualTo(1);
        assertThat(x.grad().item()).isEqualTo(2);
    }

    @Test
    void aHookNeedsATensorThatRequiresGrad() {
        assertThatThrownBy(() -> Tensor.ones(2).registerHook(g -> g))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("registerHook: cannot register a hook on a tensor that does not require grad");
    }

    @Test
    void retainGradKeepsTheGradientOfANonLeaf() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3).retainGrad();
        Tensor k = x.mul(5);
        h.mul(h).add(k).sum().backward();
        assertThat(h.retainsGrad()).isTrue();
        assertThat(h.grad().toDoubleArray()).containsExactly(6, 12);
        assertThat(k.grad()).isNull();
        assertThat(x.grad().toDoubleArray()).containsExactly(23, 41); // 18x + 5
        assertThat(h.grad().requiresGrad()).as("without createGraph the gradient is a plain tensor").isFalse();
    }

    // ---------------------------------------------------------------- higher order

    @Test
    void createGraphGivesTheSecondDerivativeOfXCubed() {
        Tensor x = leaf(-1, 0.5, 2);
        x.pow(3).sum().backward(null, false, true);
        Tensor first = x.grad();
        assertThat(first.requiresGrad()).isTrue();
        assertThat(first.toDoubleArray()).containsExactly(3, 0.75, 12);
        x.setGrad(null);
        first.sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(-6, 3, 12);
    }

    @Test
    void createGraphWorksThroughProductsWhenTheGraphIsRetained() {
        Tensor x = leaf(1.5, -2);
        x.mul(x).mul(x).sum().backward(null, true, true);
        Tensor first = x.grad();
        assertThat(first.toDoubleArray()[0]).isCloseTo(3 * 1.5 * 1.5, within(1e-12));
        x.setGrad(null);
        first.sum().backward();
        assertThat(x.grad().toDoubleArray()[0]).isCloseTo(9, within(1e-12));
        assertThat(x.grad().toDoubleArray()[1]).isCloseTo(-12, within(1e-12));
    }

    // ---------------------------------------------------------------- deep graphs and release

    @Test
    void aChainOf20000OpsDoesNotOverflowASmallStack() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Double> grad = new AtomicReference<>();
        Runnable deep = () -> {
            try {
                Tensor x = leaf(1);
                Tensor y = x;
                for (int i = 0; i < 20_000; i++) y = y.mul(1.0001);
                y.sum().backward();
                grad.set(x.grad().item());
            } catch (Throwable t) {
                failure.set(t);
            }
        };
        // 256 KiB is far too small for 20,000 nested frames, so only an iterative engine passes.
        Thread t = new Thread(null, deep, "deep-graph", 256 * 1024);
        t.start();
        t.join();
        assertThat(failure.get()).isNull();
        assertThat(grad.get()).isCloseTo(Math.pow(1.0001, 20_000), within(1e-6));
    }

    @Test
    void withoutRetainGraphASecondBackwardIsRefusedButWithItTheGradientsAddUp() {
        Tensor x = leaf(1, 2);
        Tensor once = x.mul(x).sum();
        once.backward();
        assertThatThrownBy(once::backward).isInstanceOf(IllegalStateException.class).hasMessageContaining("retainGraph");
        x.setGrad(null);
        Tensor y = x.mul(x).sum();
        y.backward(null, true);
        y.backward(null, true);
        assertThat(x.grad().toDoubleArray()).containsExactly(4, 8);
    }

    @Test
    void backwardReleasesTheTensorsSavedForTheBackwardPass() throws InterruptedException {
        Tensor x = leaf(1, 2);
        List<WeakReference<Tensor>> saved = new ArrayList<>();
        Tensor y = scaleBySavedTensor(x, saved).sum();
        assertThat(collect(saved.get(0))).as("alive while the graph holds it").isFalse();
        y.backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 2);
        assertThat(collect(saved.get(0))).as("freed after backward although the output is still reachable").isTrue();
        Reference.reachabilityFence(y);
    }

    /** 2x through a custom op whose backward rule alone holds a large tensor (reported through saved). */
    private static Tensor scaleBySavedTensor(Tensor x, List<WeakReference<Tensor>> saved) {
        Tensor big = Tensor.ones(DType.FLOAT64, 1000, 100);
        saved.add(new WeakReference<>(big));
        Tensor out;
        try (var s = GradMode.noGrad()) {
            out = x.mul(2);
        }
        return Node.record(out, "Scale", x, g -> g.mul(big.sum().div(50_000)));
    }

    /** Runs the garbage collector a few times; true once the referent is gone. */
    private static boolean collect(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 10 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        return ref.get() == null;
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void aResultComputedUnderNoGradCannotBackpropagate() {
        Tensor z;
        try (var s = GradMode.noGrad()) {
            z = leaf(1).mul(2).sum();
        }
        assertThatThrownBy(z::backward).isInstanceOf(IllegalStateException.class).hasMessageContaining("noGrad()");
    }

    @Test
    void gradientsCannotBeTurnedOffOnANonLeaf() {
        Tensor y = leaf(1).mul(2);
        assertThat(y.isLeaf()).isFalse();
        assertThat(y.gradFn().toString()).isEqualTo("<MulBackward0>");
        assertThatThrownBy(() -> y.requiresGrad(false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("non-leaf").hasMessageContaining("Mul").hasMessageContaining("detach()");
    }

    @Test
    void setGradChecksTheShape() {
        Tensor x = leaf(1, 2);
        assertThatThrownBy(() -> x.setGrad(Tensor.ones(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setGrad: gradient shape [3] does not match tensor shape [2]");
    }
}

package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import org.nabla.autograd.GradMode;
import org.junit.jupiter.api.Test;

class ViewSemanticsTest {

    /** [2, 3, 4] float32 holding 0..23. */
    private static Tensor base() { return Tensor.arange(24).to(DType.FLOAT32).reshape(2, 3, 4); }

    private static void assertLayout(Tensor t, int[] shape, int[] strides, int offset) {
        assertThat(t.shape()).as("shape").containsExactly(shape);
        assertThat(t.stride()).as("strides").containsExactly(strides);
        assertThat(t.layout().offset()).as("offset").isEqualTo(offset);
    }

    // ---------------------------------------------------------------- sharing storage

    @Test
    void everyViewOpSharesStorageAndSeesWritesToTheBase() {
        List<UnaryOperator<Tensor>> views = List.of(
                x -> x.view(6, 4), x -> x.view(-1), x -> x.reshape(4, 6), x -> x.permute(2, 0, 1), x -> x.transpose(0, 2),
                x -> x.slice(2, 1, 4, 2), x -> x.narrow(1, 1, 2), x -> x.select(0, 1), x -> x.unsqueeze(1),
                x -> x.unsqueeze(1).squeeze(), x -> x.flatten(0, 1), x -> x.select(1, 0).t(), x -> x.unsqueeze(0).expand(3, 2, 3, 4),
                x -> x.detach(), x -> x.contiguous(), x -> x.diagonal(0, 1, 2), x -> x.diagonal(-1, 2, 0));
        for (UnaryOperator<Tensor> view : views) {
            Tensor b = base();
            Tensor v = view.apply(b);
            assertThat(v.storage()).isSameAs(b.storage());
            float[] before = v.toFloatArray();
            b.fill(-1);
            assertThat(v.toFloatArray()).as("view of shape %s after the base changed", java.util.Arrays.toString(v.shape()))
                    .hasSize(before.length).containsOnly(-1f);
        }
    }

    @Test
    void aWriteThroughSetOnTheBaseShowsInTheViewAtTheMappedPosition() {
        Tensor b = base();
        Tensor p = b.permute(2, 0, 1), s = b.select(1, 2), sl = b.slice(2, 1, 4, 2);
        b.set(100, 1, 2, 3);
        assertThat(p.get(3, 1, 2)).isEqualTo(100);
        assertThat(s.get(1, 3)).isEqualTo(100);
        assertThat(sl.get(1, 2, 1)).isEqualTo(100);
    }

    @Test
    void aWriteThroughAViewShowsInTheBase() {
        Tensor b = base();
        b.transpose(0, 2).set(-5, 3, 1, 0);
        assertThat(b.get(0, 1, 3)).isEqualTo(-5);
        b.narrow(2, 1, 2).fill(7);
        assertThat(b.select(0, 0).select(0, 0).toFloatArray()).containsExactly(0f, 7f, 7f, 3f);
    }

    // ---------------------------------------------------------------- strides

    @Test
    void viewOpsComputeTheExpectedStridesAndOffsets() {
        Tensor b = base();
        assertLayout(b, new int[] {2, 3, 4}, new int[] {12, 4, 1}, 0);
        assertLayout(b.permute(2, 0, 1), new int[] {4, 2, 3}, new int[] {1, 12, 4}, 0);
        assertLayout(b.permute(-1, -3, -2), new int[] {4, 2, 3}, new int[] {1, 12, 4}, 0);
        assertLayout(b.transpose(0, 2), new int[] {4, 3, 2}, new int[] {1, 4, 12}, 0);
        assertLayout(b.transpose(-1, -2), new int[] {2, 4, 3}, new int[] {12, 1, 4}, 0);
        assertLayout(b.slice(1, 1, 3, 1), new int[] {2, 2, 4}, new int[] {12, 4, 1}, 4);
        assertLayout(b.slice(2, 1, 4, 2), new int[] {2, 3, 2}, new int[] {12, 4, 2}, 1);
        assertLayout(b.narrow(0, 1, 1), new int[] {1, 3, 4}, new int[] {12, 4, 1}, 12);
        assertLayout(b.select(1, 2), new int[] {2, 4}, new int[] {12, 1}, 8);
        assertLayout(b.select(-1, -1), new int[] {2, 3}, new int[] {12, 4}, 3);
        assertLayout(b.unsqueeze(0), new int[] {1, 2, 3, 4}, new int[] {24, 12, 4, 1}, 0);
        assertLayout(b.unsqueeze(1), new int[] {2, 1, 3, 4}, new int[] {12, 12, 4, 1}, 0);
        assertLayout(b.unsqueeze(-1), new int[] {2, 3, 4, 1}, new int[] {12, 4, 1, 1}, 0);
        assertLayout(b.select(1, 0).unsqueeze(1).expand(2, 5, 4), new int[] {2, 5, 4}, new int[] {12, 0, 1}, 0);
        assertLayout(b.select(2, 1).t().select(0, 2), new int[] {2}, new int[] {12}, 9);
        assertLayout(b.diagonal(0, 1, 2), new int[] {2, 3}, new int[] {12, 5}, 0);
        assertLayout(b.diagonal(1, 1, 2), new int[] {2, 3}, new int[] {12, 5}, 1);
        assertLayout(b.diagonal(-1, 1, 2), new int[] {2, 2}, new int[] {12, 5}, 4);
        assertLayout(b.diagonal(-1, 2, 0), new int[] {3, 2}, new int[] {4, 13}, 1);
        assertLayout(b.diagonal(4, 1, 2), new int[] {2, 0}, new int[] {12, 5}, 0);
    }

    @Test
    void flipAndRepeatCopyWhatTheyRead() {
        Tensor b = base();
        for (Tensor copy : new Tensor[] {b.flip(1), b.flip(), b.repeat(1, 1, 1), b.transpose(0, 2).flip(0, 1, 2)}) {
            assertThat(copy.storage()).isNotSameAs(b.storage());
            assertThat(copy.isContiguous()).isTrue();
        }
        // A transposed view flips like its contiguous copy (the reversed layout starts at the far end of each dim).
        Tensor view = b.transpose(0, 2).slice(1, 0, 3, 2);
        assertThat(view.flip(0, 1).toFloatArray()).containsExactly(view.contiguous().flip(0, 1).toFloatArray());
        assertThat(Tensor.arange(4).flip(0).toLongArray()).containsExactly(3, 2, 1, 0);
        assertThat(Tensor.zeros(0, 3).flip(0).shape()).containsExactly(0, 3);
    }

    @Test
    void expandBroadcastsSize1AndNewLeadingDimsWithStrideZero() {
        Tensor col = Tensor.of(new float[] {1, 2, 3}, 3, 1);
        Tensor e = col.expand(2, 3, 4);
        assertLayout(e, new int[] {2, 3, 4}, new int[] {0, 1, 0}, 0);
        assertThat(e.select(1, 1).toFloatArray()).containsOnly(2f).hasSize(8);
        assertThat(col.expand(-1, 2).shape()).containsExactly(3, 2);
        assertThat(col.expand(3, 1)).as("expanding to the same shape is a no-op").isSameAs(col);
        assertThat(col.expand(3, 0).numel()).isZero();
        assertThat(Tensor.scalar(5).expand(2, 2).toFloatArray()).containsExactly(5, 5, 5, 5);
    }

    @Test
    void squeezeDropsSize1DimsKeepingTheOtherStrides() {
        Tensor t = base().narrow(1, 1, 1).unsqueeze(0);
        assertLayout(t, new int[] {1, 2, 1, 4}, new int[] {24, 12, 4, 1}, 4);
        assertLayout(t.squeeze(), new int[] {2, 4}, new int[] {12, 1}, 4);
        assertLayout(t.squeeze(2), new int[] {1, 2, 4}, new int[] {24, 12, 1}, 4);
        assertThat(t.squeeze(1)).as("squeezing a dim whose size is not 1 is a no-op").isSameAs(t);
        assertThat(Tensor.scalar(1).squeeze(0).dim()).isZero();
        assertThat(Tensor.ones(1, 1).squeeze().shape()).isEmpty();
    }

    @Test
    void sliceClampsLikePythonAndNarrowIsStrict() {
        Tensor v = Tensor.arange(10);
        assertThat(v.slice(0, -3, 100, 1).toLongArray()).containsExactly(7, 8, 9);
        assertThat(v.slice(0, -100, 3, 1).toLongArray()).containsExactly(0, 1, 2);
        assertThat(v.slice(0, 1, 10, 3).toLongArray()).containsExactly(1, 4, 7);
        assertThat(v.slice(0, 8, 2, 1).numel()).isZero();
        assertThat(v.narrow(0, -4, 2).toLongArray()).containsExactly(6, 7);
        assertThatThrownBy(() -> v.narrow(0, 8, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("narrow:");
        assertThatThrownBy(() -> v.slice(0, 0, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slice: step must be positive, got 0");
    }

    // ---------------------------------------------------------------- view, reshape, contiguous

    @Test
    void viewRefusesALayoutItCannotExpressAndPointsToReshape() {
        Tensor t = base().transpose(1, 2);
        assertThatThrownBy(() -> t.view(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("view: shape [24] is not compatible with the input's shape [2, 4, 3] and strides [12, 1, 4];"
                        + " use reshape() (which copies) instead");
        assertThat(t.reshape(-1).toFloatArray()).isEqualTo(t.contiguous().toFloatArray());
    }

    @Test
    void viewWorksOnNonContiguousLayoutsWhenOnlyCompatibleDimsAreSplitOrMerged() {
        Tensor t = Tensor.arange(24).to(DType.FLOAT32).reshape(4, 6).t(); // [6, 4] with strides [1, 6]
        Tensor split = t.view(2, 3, 4);
        assertThat(split.storage()).isSameAs(t.storage());
        assertThat(split.stride()).containsExactly(3, 1, 6);
        assertThat(split.toFloatArray()).isEqualTo(t.toFloatArray());
        Tensor withOnes = t.view(6, 1, 4, 1);
        assertThat(withOnes.storage()).isSameAs(t.storage());
        assertThat(withOnes.toFloatArray()).isEqualTo(t.toFloatArray());
        // A size-0 tensor can be viewed as any shape with no elements.
        assertThat(Tensor.zeros(0, 3).t().view(3, 0, 5).shape()).containsExactly(3, 0, 5);
    }

    @Test
    void reshapeCopiesOnlyWhenAViewIsImpossible() {
        Tensor b = base();
        Tensor r = b.reshape(4, -1);
        assertThat(r.storage()).isSameAs(b.storage());
        assertThat(r.shape()).containsExactly(4, 6);
        Tensor tr = b.transpose(0, 1);
        Tensor copied = tr.reshape(-1);
        assertThat(copied.storage()).isNotSameAs(b.storage());
        assertThat(copied.isContiguous()).isTrue();
        assertThat(copied.toFloatArray()).isEqualTo(tr.toFloatArray());
        assertThat(tr.reshape(3, 2, 4).storage()).as("a reshape that keeps the transposed dims is a view").isSameAs(b.storage());
        assertThat(Tensor.scalar(3).reshape(1, 1).shape()).containsExactly(1, 1);
        assertThat(Tensor.ones(1, 1).reshape().shape()).isEmpty();
    }

    @Test
    void contiguousReturnsTheSameObjectWhenAlreadyContiguous() {
        Tensor b = base();
        assertThat(b.contiguous()).isSameAs(b);
        Tensor u = b.unsqueeze(1);
        assertThat(u.isContiguous()).isTrue();
        assertThat(u.contiguous()).isSameAs(u);
        Tensor n = b.narrow(0, 1, 1); // offset 12, still row-major with no gaps
        assertThat(n.contiguous()).isSameAs(n);

        Tensor p = b.permute(1, 2, 0);
        assertThat(p.isContiguous()).isFalse();
        Tensor c = p.contiguous();
        assertThat(c).isNotSameAs(p);
        assertThat(c.isContiguous()).isTrue();
        assertThat(c.stride()).containsExactly(8, 2, 1);
        assertThat(c.toFloatArray()).isEqualTo(p.toFloatArray());
        assertThat(b.slice(2, 0, 4, 2).isContiguous()).isFalse();
    }

    // ---------------------------------------------------------------- broadcasting

    @Test
    void oddShapesBroadcastElementByElement() {
        Tensor a = Tensor.arange(15).to(DType.FLOAT32).reshape(3, 1, 5);
        Tensor b = Tensor.arange(4).to(DType.FLOAT32).reshape(4, 1).mul(100);
        Tensor s = a.add(b);
        assertThat(s.shape()).containsExactly(3, 4, 5);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 5; k++) assertThat(s.get(i, j, k)).isEqualTo(a.get(i, 0, k) + b.get(j, 0));
        assertThat(a.sub(b).shape()).containsExactly(3, 4, 5);
        assertThat(Tensor.ones(2, 1, 1, 3).mul(Tensor.ones(7, 1)).shape()).containsExactly(2, 1, 7, 3);
    }

    @Test
    void sizeZeroDimsBroadcastToSizeZero() {
        assertThat(Tensor.zeros(0, 3).add(Tensor.ones(1, 3)).shape()).containsExactly(0, 3);
        assertThat(Tensor.zeros(2, 0).mul(Tensor.ones(1)).shape()).containsExactly(2, 0);
        assertThat(Tensor.zeros(0).add(Tensor.ones(1)).shape()).containsExactly(0);
        assertThat(Tensor.zeros(0).add(Tensor.scalar(1)).shape()).containsExactly(0);
        assertThat(Tensor.zeros(3, 1, 0).add(Tensor.ones(4, 1)).shape()).containsExactly(3, 4, 0);
        assertThatThrownBy(() -> Tensor.zeros(0).add(Tensor.ones(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("add: shapes [0] and [2] cannot be broadcast together (dim 0: 0 vs 2)");
    }

    @Test
    void zeroDimensionalTensorsBroadcastAgainstAnything() {
        Tensor s = Tensor.scalar(2);
        assertThat(s.mul(Tensor.ones(2, 3)).shape()).containsExactly(2, 3);
        assertThat(Tensor.ones(2, 3).mul(s).toFloatArray()).containsOnly(2f);
        assertThat(s.add(Tensor.scalar(3)).shape()).isEmpty();
        assertThat(s.add(Tensor.scalar(3)).item()).isEqualTo(5);
        assertThat(Tensor.ones(1).add(s).shape()).containsExactly(1);
    }

    @Test
    void reductionsOverEmptyTensorsGiveTheIdentity() {
        Tensor e = Tensor.zeros(0, 3);
        assertThat(e.sum().item()).isZero();
        assertThat(e.sum(0).shape()).containsExactly(3);
        assertThat(e.sum(0).toFloatArray()).containsOnly(0f);
        assertThat(e.sum(1).shape()).containsExactly(0);
        assertThat(e.mean().item()).isNaN();
        assertThat(e.logsumexp(0).toFloatArray()).containsOnly(Float.NEGATIVE_INFINITY).hasSize(3);
        assertThat(e.softmax(0).shape()).containsExactly(0, 3);
    }

    // ---------------------------------------------------------------- in-place updates

    @Test
    void copyFromBroadcastsAndConvertsIntoTheDestinationLayout() {
        Tensor m = Tensor.zeros(2, 3);
        m.copyFrom(Tensor.of(new long[] {1, 2, 3}));
        assertThat(m.toFloatArray()).containsExactly(1, 2, 3, 1, 2, 3);
        assertThat(m.dtype()).isEqualTo(DType.FLOAT32);
        Tensor b = base();
        b.select(2, 0).copyFrom(Tensor.full(-1, 2, 3)); // strided destination
        assertThat(b.get(1, 2, 0)).isEqualTo(-1);
        assertThat(b.get(1, 2, 1)).isEqualTo(21);
        Tensor i = Tensor.zeros(DType.INT32, 2);
        i.copyFrom(Tensor.of(new double[] {1.9, -1.9}));
        assertThat(i.toIntArray()).containsExactly(1, -1);
        assertThatThrownBy(() -> Tensor.zeros(3).copyFrom(Tensor.ones(2, 3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("copyFrom: source shape [2, 3] cannot be broadcast to destination shape [3]");
    }

    @Test
    void fillZeroAddInPlaceAndMulInPlaceUpdateTheSameStorage() {
        Tensor t = Tensor.ones(DType.FLOAT64, 3);
        Storage s = t.storage();
        assertThat(t.fill(4)).isSameAs(t);
        assertThat(t.toDoubleArray()).containsExactly(4, 4, 4);
        t.addInPlace(Tensor.of(new double[] {1, 2, 3}), -2);
        assertThat(t.toDoubleArray()).containsExactly(2, 0, -2);
        t.addInPlace(Tensor.scalar(1), 1);
        assertThat(t.toDoubleArray()).containsExactly(3, 1, -1);
        t.mulInPlace(0.5);
        assertThat(t.toDoubleArray()).containsExactly(1.5, 0.5, -0.5);
        t.zero();
        assertThat(t.toDoubleArray()).containsExactly(0, 0, 0);
        assertThat(t.storage()).isSameAs(s);
        assertThat(t.requiresGrad()).isFalse();
    }

    @Test
    void inPlaceUpdatesOfATensorThatRequiresGradAreRefusedWhileGradModeIsOn() {
        Tensor p = Tensor.ones(3).requiresGrad(true);
        List<java.util.Map.Entry<String, Runnable>> updates = List.of(
                java.util.Map.entry("copyFrom", () -> p.copyFrom(Tensor.zeros(3))),
                java.util.Map.entry("fill", () -> p.fill(2)),
                java.util.Map.entry("zero", p::zero),
                java.util.Map.entry("addInPlace", () -> p.addInPlace(Tensor.ones(3), 1)),
                java.util.Map.entry("mulInPlace", () -> p.mulInPlace(2)),
                java.util.Map.entry("scaleAddInPlace", () -> p.scaleAddInPlace(2, Tensor.ones(3), 1)),
                java.util.Map.entry("set", () -> p.set(5, 0)));
        for (var u : updates) {
            assertThatThrownBy(u.getValue()::run).as(u.getKey()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a tensor that requires grad cannot be modified in place while grad mode is on")
                    .hasMessageContaining("GradMode.noGrad()");
        }
        assertThat(p.toFloatArray()).containsOnly(1f);
        try (var s = GradMode.noGrad()) {
            p.addInPlace(Tensor.ones(3), 1);
            p.mulInPlace(2);
        }
        assertThat(p.toFloatArray()).containsOnly(4f);
        assertThat(p.requiresGrad()).isTrue();
        assertThat(p.isLeaf()).isTrue();
        // A detached alias, like PyTorch's .data, may be written freely and changes the parameter.
        p.detach().fill(0);
        assertThat(p.toFloatArray()).containsOnly(0f);
    }

    @Test
    void scaleAddInPlaceRoundsLikeMulInPlaceThenAddInPlace() {
        java.util.Random r = new java.util.Random(3);
        // float32 rows long enough for the vector loop and for a split between threads, plus a ragged tail.
        for (int n : new int[] {1, 7, 8, 37, 40_003}) {
            float[] y = new float[n], x = new float[n];
            for (int i = 0; i < n; i++) { y[i] = r.nextFloat() * 2 - 1; x[i] = r.nextFloat() * 2 - 1; }
            Tensor fused = Tensor.of(y.clone(), n), twoPass = Tensor.of(y.clone(), n), g = Tensor.of(x, n);
            fused.scaleAddInPlace(0.9, g, 0.1);
            twoPass.mulInPlace(0.9).addInPlace(g, 0.1);
            assertThat(fused.toFloatArray()).as("n=%d", n).containsExactly(twoPass.toFloatArray());
        }
        Tensor d = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        d.scaleAddInPlace(2, Tensor.of(new double[] {10, 20}, 2), 0.5);         // broadcast row, float64
        assertThat(d.toDoubleArray()).containsExactly(7, 14, 11, 18);
        Tensor v = Tensor.zeros(3, 4);
        v.narrow(1, 1, 2).scaleAddInPlace(3, Tensor.ones(3, 2), -1);           // a strided destination
        assertThat(v.toFloatArray()).containsExactly(0, -1, -1, 0, 0, -1, -1, 0, 0, -1, -1, 0);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        x.scaleAddInPlace(2, x.t(), 10);                                          // reads the old values of its own storage
        assertThat(x.toFloatArray()).containsExactly(12, 34, 26, 48);
        Tensor i = Tensor.of(new long[] {1, 2}, 2);
        i.scaleAddInPlace(3, Tensor.of(new long[] {1, 1}, 2), 2);
        assertThat(i.toLongArray()).containsExactly(5, 8);
        assertThatThrownBy(() -> Tensor.zeros(3).scaleAddInPlace(1, Tensor.ones(2), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("scaleAddInPlace: shapes [2] and [3] cannot be broadcast");
    }

    @Test
    void inPlaceUpdatesReadAnOverlappingViewOfThemselvesSafely() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        x.addInPlace(x.t(), 10);        // x + 10 * x^T computed from the old values
        assertThat(x.toFloatArray()).containsExactly(11, 32, 23, 44);
        x.addInPlace(x, 1);             // the same view: elementwise, safe in one pass
        assertThat(x.toFloatArray()).containsExactly(22, 64, 46, 88);
        x.addInPlace(Tensor.of(new float[] {1, 2}, 2), -1);   // broadcast row
        assertThat(x.toFloatArray()).containsExactly(21, 62, 45, 86);
        x.t().mulInPlace(0.5);          // through a strided view
        assertThat(x.toFloatArray()).containsExactly(10.5f, 31, 22.5f, 43);
    }
}

package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.nabla.autograd.GradMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TensorCreationTest {

    // ---------------------------------------------------------------- filled tensors

    @ParameterizedTest
    @EnumSource(DType.class)
    void zerosOnesAndFullHaveTheRequestedDtypeShapeAndValue(DType dtype) {
        Tensor z = Tensor.zeros(dtype, 2, 3), o = Tensor.ones(dtype, 4), f = Tensor.full(7, dtype, 1, 2, 1);
        assertThat(z.dtype()).isEqualTo(dtype);
        assertThat(z.shape()).containsExactly(2, 3);
        assertThat(z.stride()).containsExactly(3, 1);
        assertThat(z.toDoubleArray()).containsOnly(0.0).hasSize(6);
        assertThat(o.dtype()).isEqualTo(dtype);
        assertThat(o.toDoubleArray()).containsExactly(1, 1, 1, 1);
        assertThat(f.shape()).containsExactly(1, 2, 1);
        assertThat(f.toDoubleArray()).containsExactly(7, 7);
        assertThat(Tensor.zerosLike(f).dtype()).isEqualTo(dtype);
        assertThat(Tensor.onesLike(f).shape()).containsExactly(1, 2, 1);
        assertThat(Tensor.fullLike(f, 3).toDoubleArray()).containsExactly(3, 3);
        assertThat(Tensor.scalar(5, dtype).dim()).isZero();
        assertThat(Tensor.scalar(5, dtype).item()).isEqualTo(5);
    }

    @Test
    void theDefaultDtypeIsFloat32AndEmptySizesMakeA0dTensor() {
        assertThat(Tensor.zeros(3).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensor.ones().shape()).isEmpty();
        assertThat(Tensor.ones().numel()).isEqualTo(1);
        assertThat(Tensor.scalar(2.5).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensor.scalar(2.5).item()).isEqualTo(2.5);
    }

    @Test
    void sizeZeroDimsGiveEmptyTensors() {
        Tensor t = Tensor.zeros(0, 3);
        assertThat(t.shape()).containsExactly(0, 3);
        assertThat(t.numel()).isZero();
        assertThat(t.toFloatArray()).isEmpty();
        assertThat(Tensor.ones(DType.INT64, 2, 0, 4).toLongArray()).isEmpty();
    }

    @Test
    void fullTruncatesIntoIntegerDtypesTowardZero() {
        assertThat(Tensor.full(2.7, DType.INT32, 2).toIntArray()).containsExactly(2, 2);
        assertThat(Tensor.full(-2.7, DType.INT64, 1).toLongArray()).containsExactly(-2);
    }

    @Test
    void negativeSizesAreRefusedWithTheOpName() {
        assertThatThrownBy(() -> Tensor.zeros(-1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zeros: negative size in shape [-1, 2]");
        assertThatThrownBy(() -> Tensor.ones(DType.INT32, 3, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ones: negative size");
        assertThatThrownBy(() -> Tensor.full(1, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("full:");
        assertThatThrownBy(() -> Tensor.rand(2, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rand:");
        assertThatThrownBy(() -> Tensor.randn(-3)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("randn:");
        assertThatThrownBy(() -> Tensor.randint(0, 5, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("randint:");
        assertThatThrownBy(() -> Tensor.eye(-1)).isInstanceOf(IllegalArgumentException.class).hasMessage("eye: n must be non-negative, got -1");
    }

    // ---------------------------------------------------------------- of

    @Test
    void ofTakesEveryPrimitiveArrayAndInfersOneMinusOneSize() {
        Tensor f = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, -1);
        assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.shape()).containsExactly(2, 3);
        assertThat(f.get(1, 0)).isEqualTo(4);

        Tensor d = Tensor.of(new double[] {1.5, 2.5, 3.5, 4.5}, -1, 1, 2);
        assertThat(d.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(d.shape()).containsExactly(2, 1, 2);
        assertThat(d.get(1, 0, 1)).isEqualTo(4.5);

        Tensor l = Tensor.of(new long[] {1L << 40, -3}, -1);
        assertThat(l.dtype()).isEqualTo(DType.INT64);
        assertThat(l.toLongArray()).containsExactly(1L << 40, -3);

        Tensor i = Tensor.of(new int[] {7, 8, 9}, 3, 1);
        assertThat(i.dtype()).isEqualTo(DType.INT32);
        assertThat(i.shape()).containsExactly(3, 1);
        assertThat(i.toIntArray()).containsExactly(7, 8, 9);
    }

    @Test
    void ofWithoutAShapeIsOneDimensionalExceptForASingleValueWhichIs0d() {
        assertThat(Tensor.of(new float[] {1, 2, 3}).shape()).containsExactly(3);
        assertThat(Tensor.of(new long[0]).shape()).containsExactly(0);
        // of(data) and of(data, new int[0]) cannot be told apart, so one value gives a 0-d tensor.
        assertThat(Tensor.of(new double[] {5}).shape()).isEmpty();
        assertThat(Tensor.of(new double[] {5}, 1).shape()).containsExactly(1);
    }

    @Test
    void ofCopiesTheArray() {
        float[] data = {1, 2, 3};
        Tensor t = Tensor.of(data);
        data[0] = 100;
        assertThat(t.get(0)).isEqualTo(1);
    }

    @Test
    void ofRefusesDataThatDoesNotFillTheShape() {
        assertThatThrownBy(() -> Tensor.of(new float[5], 2, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("of: shape [2, 3] is invalid for input of size 5");
        assertThatThrownBy(() -> Tensor.of(new float[6], -1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only one dim may be -1");
        assertThatThrownBy(() -> Tensor.of(new float[7], 2, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, -1]").hasMessageContaining("7");
        assertThatThrownBy(() -> Tensor.of(new float[] {1, 2}, 2, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid size -3");
    }

    @Test
    void ofRowsBuildsAMatrixAndRefusesRaggedRows() {
        Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(m.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(m.shape()).containsExactly(2, 3);
        assertThat(m.get(1, 2)).isEqualTo(6);
        assertThat(Tensor.of(new float[][] {{1}, {2}}).shape()).containsExactly(2, 1);
        assertThat(Tensor.of(new float[0][]).shape()).containsExactly(0, 0);
        assertThatThrownBy(() -> Tensor.of(new float[][] {{1, 2}, {3}})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("of: row 1 has 1 elements, expected 2");
    }

    // ---------------------------------------------------------------- ranges

    @Test
    void integerArangeIsInt64AndEmptyWhenEndIsNotAfterStart() {
        Tensor a = Tensor.arange(5);
        assertThat(a.dtype()).isEqualTo(DType.INT64);
        assertThat(a.toLongArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(Tensor.arange(-2, 2).toLongArray()).containsExactly(-2, -1, 0, 1);
        assertThat(Tensor.arange(5, 2).shape()).containsExactly(0);
        assertThat(Tensor.arange(0).numel()).isZero();
    }

    @Test
    void floatingArangeStepsUpOrDownAndExcludesTheEnd() {
        Tensor a = Tensor.arange(0, 1, 0.25);
        assertThat(a.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(a.toFloatArray()).containsExactly(0f, 0.25f, 0.5f, 0.75f);
        assertThat(Tensor.arange(1, 0, -0.5).toFloatArray()).containsExactly(1f, 0.5f);
        assertThat(Tensor.arange(0, 1, 0.3).numel()).isEqualTo(4);
        assertThat(Tensor.arange(0, -1, 0.5).numel()).isZero();
        assertThatThrownBy(() -> Tensor.arange(0, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("arange: step must be non-zero, got 0.0");
    }

    @Test
    void linspaceHitsBothEndsExactly() {
        Tensor l = Tensor.linspace(-1, 1, 5);
        assertThat(l.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(l.toFloatArray()).containsExactly(-1f, -0.5f, 0f, 0.5f, 1f);
        float[] v = Tensor.linspace(0.1, 0.7, 7).toFloatArray();
        assertThat(v[0]).isEqualTo(0.1f);
        assertThat(v[6]).isEqualTo(0.7f);
        for (int i = 0; i < 7; i++) assertThat((double) v[i]).isCloseTo(0.1 + 0.1 * i, within(1e-6));
        assertThat(Tensor.linspace(3, 9, 1).toFloatArray()).containsExactly(3f);
        assertThat(Tensor.linspace(3, 9, 0).numel()).isZero();
        assertThatThrownBy(() -> Tensor.linspace(0, 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("linspace:");
    }

    @Test
    void eyeIsTheIdentityInAnyDtype() {
        Tensor e = Tensor.eye(3);
        assertThat(e.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(e.toFloatArray()).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1);
        assertThat(Tensor.eye(2, DType.INT64).toLongArray()).containsExactly(1, 0, 0, 1);
        assertThat(Tensor.eye(0).shape()).containsExactly(0, 0);
    }

    // ---------------------------------------------------------------- random

    @Test
    void randIsUniformInTheUnitIntervalAndReproducibleWithASeededGenerator() {
        Tensor r = Tensor.rand(new Generator(1), 100, 10);
        assertThat(r.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(r.shape()).containsExactly(100, 10);
        for (float v : r.toFloatArray()) assertThat(v).isGreaterThanOrEqualTo(0f).isLessThan(1f);
        assertThat(r.mean().item()).isCloseTo(0.5, within(0.03));
        assertThat(Tensor.rand(new Generator(1), 100, 10).toFloatArray()).isEqualTo(r.toFloatArray());
        assertThat(Tensor.rand(new Generator(2), 100, 10).toFloatArray()).isNotEqualTo(r.toFloatArray());
    }

    @Test
    void randnHasMeanZeroAndStdOneOver100kSamples() {
        Tensor r = Tensor.randn(new Generator(42), 100_000);
        assertThat(r.dtype()).isEqualTo(DType.FLOAT32);
        // Standard errors: 0.003 for the mean, about 0.0022 for the std.
        assertThat(r.mean().item()).isCloseTo(0, within(0.015));
        assertThat(r.std().item()).isCloseTo(1, within(0.012));
        assertThat(Tensor.randn(new Generator(42), 100_000).toFloatArray()).isEqualTo(r.toFloatArray());
    }

    @Test
    void randintStaysInItsRangeAndCoversIt() {
        Tensor r = Tensor.randint(new Generator(3), -3, 4, 1000);
        assertThat(r.dtype()).isEqualTo(DType.INT64);
        long[] v = r.toLongArray();
        boolean[] seen = new boolean[7];
        for (long x : v) {
            assertThat(x).isBetween(-3L, 3L);
            seen[(int) x + 3] = true;
        }
        assertThat(seen).containsOnly(true);
        assertThat(Tensor.randint(new Generator(3), -3, 4, 1000).toLongArray()).isEqualTo(v);
        assertThat(Tensor.randint(new Generator(4), 5, 6, 3).toLongArray()).containsExactly(5, 5, 5);
        assertThatThrownBy(() -> Tensor.randint(2, 2, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("randint: high (2) must be greater than low (2)");
    }

    @Test
    void randomTensorsOfSizeZeroAreEmpty() {
        assertThat(Tensor.rand(0, 4).numel()).isZero();
        assertThat(Tensor.randn(new Generator(1), 3, 0).shape()).containsExactly(3, 0);
        assertThat(Tensor.randint(0, 2, 0).numel()).isZero();
    }

    // ---------------------------------------------------------------- dtype promotion

    private static Tensor t(DType dtype, int... shape) { return Tensor.ones(dtype, shape); }

    @Test
    void resultTypeFollowsPyTorchsPromotionRules() {
        DType f32 = DType.FLOAT32, f64 = DType.FLOAT64, i32 = DType.INT32, i64 = DType.INT64;
        // A 0-d operand does not widen a dimensioned operand of the same kind.
        assertThat(Elementwise.resultType(t(f32, 3), t(f64))).isEqualTo(f32);
        assertThat(Elementwise.resultType(t(f64), t(f32, 3))).isEqualTo(f32);
        assertThat(Elementwise.resultType(t(i32, 3), t(i64))).isEqualTo(i32);
        // Dimensioned operands of the same kind widen.
        assertThat(Elementwise.resultType(t(f32, 3), t(f64, 3))).isEqualTo(f64);
        assertThat(Elementwise.resultType(t(i32, 3), t(i64, 3))).isEqualTo(i64);
        assertThat(Elementwise.resultType(t(i32), t(i64))).isEqualTo(i64);
        assertThat(Elementwise.resultType(t(f32), t(f64))).isEqualTo(f64);
        // Int with float gives the float type, whatever the dims (a Python-style double scalar is float32, see below).
        assertThat(Elementwise.resultType(t(i64, 3), t(f32, 3))).isEqualTo(f32);
        assertThat(Elementwise.resultType(t(i32, 3), t(f64, 3))).isEqualTo(f64);
        assertThat(Elementwise.resultType(t(i64, 3), t(f64))).isEqualTo(f64);
        assertThat(Elementwise.resultType(t(i64), t(f64))).isEqualTo(f64);
        assertThat(Elementwise.resultType(t(i64), t(f32, 2))).isEqualTo(f32);
        assertThat(Elementwise.resultType(t(i32, 2), t(i32, 2))).isEqualTo(i32);
    }

    @Test
    void opsProduceThePromotedDtype() {
        assertThat(Tensor.ones(3).mul(Tensor.scalar(2, DType.FLOAT64)).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensor.ones(DType.FLOAT64, 3).mul(Tensor.ones(3)).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(Tensor.ones(DType.INT32, 3).add(Tensor.ones(DType.INT64, 3)).dtype()).isEqualTo(DType.INT64);
        assertThat(Tensor.ones(DType.INT64, 3).add(Tensor.ones(3)).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensor.ones(DType.INT64, 3).mul(2).dtype()).isEqualTo(DType.INT64);
        assertThat(Tensor.ones(DType.INT64, 3).mul(2.5).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensor.ones(DType.INT64, 3).mul(2.5).toFloatArray()).containsOnly(2.5f);
        assertThat(Tensor.ones(DType.INT64, 3).mul(Tensor.scalar(2.5, DType.FLOAT64)).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(Tensor.ones(DType.FLOAT64, 3).mul(2.5).dtype()).isEqualTo(DType.FLOAT64);
        // int / int is true division in float32; comparisons keep the promoted dtype.
        Tensor q = Tensor.of(new long[] {7, -7}).div(Tensor.of(new long[] {2, 2}));
        assertThat(q.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(q.toFloatArray()).containsExactly(3.5f, -3.5f);
        Tensor c = Tensor.of(new int[] {1, 5}).lt(Tensor.of(new long[] {3, 3}));
        assertThat(c.dtype()).isEqualTo(DType.INT64);
        assertThat(c.toLongArray()).containsExactly(1, 0);
    }

    @Test
    void integerArithmeticIsExactAndStaysInteger() {
        Tensor big = Tensor.of(new long[] {(1L << 40) + 1});
        assertThat(big.add(Tensor.of(new long[] {1})).toLongArray()).containsExactly((1L << 40) + 2);
        assertThat(Tensor.of(new int[] {-3, 4}).neg().dtype()).isEqualTo(DType.INT32);
        assertThat(Tensor.of(new int[] {-3, 4}).abs().toIntArray()).containsExactly(3, 4);
        // Functions without an integer result give float32.
        assertThat(Tensor.of(new int[] {4, 9}).sqrt().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Tensor.of(new int[] {4, 9}).sqrt().toFloatArray()).containsExactly(2f, 3f);
    }

    // ---------------------------------------------------------------- casts and element access

    @Test
    void toConvertsBetweenAllDtypesTruncatingTowardZero() {
        Tensor f = Tensor.of(new float[] {-1.7f, -0.5f, 0.5f, 1.7f, 3f});
        assertThat(f.to(DType.INT32).toIntArray()).containsExactly(-1, 0, 0, 1, 3);
        assertThat(f.to(DType.INT64).toLongArray()).containsExactly(-1, 0, 0, 1, 3);
        assertThat(f.to(DType.FLOAT64).toDoubleArray()).containsExactly(-1.7f, -0.5f, 0.5f, 1.7f, 3f);
        assertThat(Tensor.of(new double[] {0.1}).to(DType.FLOAT32).toFloatArray()).containsExactly(0.1f);
        assertThat(Tensor.of(new long[] {1L << 50}).to(DType.FLOAT64).toDoubleArray()).containsExactly(Math.pow(2, 50));
        assertThat(Tensor.of(new int[] {-5}).to(DType.INT64).toLongArray()).containsExactly(-5);
        for (DType from : DType.values()) {
            Tensor x = Tensor.ones(from, 2);
            assertThat(x.to(from)).as("to() the same dtype is a no-op").isSameAs(x);
            for (DType to : DType.values()) assertThat(x.to(to).dtype()).isEqualTo(to);
        }
    }

    @Test
    void castsOfAStridedViewReadTheViewedElements() {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t();
        assertThat(m.to(DType.INT64).toLongArray()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(m.toDoubleArray()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(m.toIntArray()).containsExactly(1, 4, 2, 5, 3, 6);
    }

    @Test
    void toAFloatTypeKeepsTheGraphButToAnIntTypeCutsIt() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor d = x.to(DType.FLOAT64);
        assertThat(d.requiresGrad()).isTrue();
        d.mul(d).sum().backward();
        assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.grad().toFloatArray()).containsExactly(2f, 4f);
        assertThat(x.to(DType.INT64).requiresGrad()).isFalse();
    }

    @Test
    void itemReadsTheOnlyElementOfAnyOneElementTensor() {
        assertThat(Tensor.scalar(3.25, DType.FLOAT64).item()).isEqualTo(3.25);
        assertThat(Tensor.full(4, DType.INT32, 1, 1).item()).isEqualTo(4);
        assertThat(Tensor.of(new float[] {1, 2, 3}).narrow(0, 2, 1).item()).isEqualTo(3);
        assertThatThrownBy(() -> Tensor.ones(2, 2).item()).isInstanceOf(IllegalStateException.class)
                .hasMessage("item: only one-element tensors can be converted to a number, this one has shape [2, 2]");
        assertThatThrownBy(() -> Tensor.ones(0).item()).isInstanceOf(IllegalStateException.class).hasMessageContaining("[0]");
    }

    @Test
    void getAndSetTakeNegativeIndicesAndRespectTheLayout() {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(m.get(-1, -1)).isEqualTo(6);
        assertThat(m.get(1, -3)).isEqualTo(4);
        Tensor t = m.t();
        assertThat(t.get(2, 0)).isEqualTo(3);
        t.set(30, 2, 0);
        assertThat(m.get(0, 2)).isEqualTo(30);
        assertThat(Tensor.scalar(9).get()).isEqualTo(9);

        Tensor i = Tensor.zeros(DType.INT32, 2);
        i.set(2.9, -1);
        assertThat(i.toIntArray()).containsExactly(0, 2);
    }

    @Test
    void getAndSetRefuseWrongIndexCountsAndOutOfRangeIndices() {
        Tensor m = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> m.get(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("get: expected 2 indices for shape [2, 3], got 1");
        assertThatThrownBy(() -> m.get(0, 3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("get: index 3 is out of bounds for dim 1 with size 3");
        assertThatThrownBy(() -> m.get(-3, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("get: index -3 is out of bounds for dim 0 with size 2");
        assertThatThrownBy(() -> m.set(1, 2, 0)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageStartingWith("set: index 2");
    }

    @Test
    void toXxxArrayConvertsEveryElementInRowMajorOrder() {
        Tensor x = Tensor.of(new double[] {1.9, -2.9, 3, 4}, 2, 2);
        assertThat(x.toFloatArray()).containsExactly(1.9f, -2.9f, 3f, 4f);
        assertThat(x.toDoubleArray()).containsExactly(1.9, -2.9, 3, 4);
        assertThat(x.toLongArray()).containsExactly(1, -2, 3, 4);
        assertThat(x.toIntArray()).containsExactly(1, -2, 3, 4);
        // The arrays are fresh copies.
        x.toDoubleArray()[0] = 100;
        assertThat(x.get(0, 0)).isEqualTo(1.9);
    }

    @Test
    void setIsAllowedOnAParameterOnlyWithoutGradMode() {
        Tensor p = Tensor.zeros(2).requiresGrad(true);
        assertThatThrownBy(() -> p.set(1, 0)).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("set:");
        try (var s = GradMode.noGrad()) {
            p.set(1, 0);
        }
        assertThat(p.toFloatArray()).containsExactly(1f, 0f);
    }
}

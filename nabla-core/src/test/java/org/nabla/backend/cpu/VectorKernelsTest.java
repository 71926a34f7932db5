package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nabla.backend.BinaryOp;
import org.nabla.backend.UnaryOp;

/** The Vector API rows against the scalar loops, for every length around the vector width and both broadcast sides. */
class VectorKernelsTest {

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (r.nextFloat() * 4 - 2);
        return v;
    }

    @Test
    void unaryRowsMatchTheScalarKernel() {
        Random r = new Random(1);
        for (UnaryOp op : UnaryOp.values()) {
            for (int n = 0; n <= 40; n++) {
                float[] x = random(r, n + 3);
                if (op == UnaryOp.LOG || op == UnaryOp.SQRT) for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i]) + 0.1f;
                float[] fast = new float[n + 2], slow = new float[n + 2];
                FloatKernels.unary(op, x, 3, 1, fast, 2, n);
                FloatKernels.unaryScalar(op, x, 3, 1, slow, 2, n);
                for (int i = 0; i < n + 2; i++)
                    assertThat(fast[i]).as("%s n=%d i=%d", op, n, i).isCloseTo(slow[i], within(2e-6f * (1 + Math.abs(slow[i]))));
            }
        }
    }

    /**
     * Seeded training must give the same bits in every process: a transcendental row gives the scalar loop's exact
     * bits, also once the JIT has compiled the row kernels (the Vector API's EXP/LOG/TANH did not).
     */
    @Test
    void transcendentalRowsGiveTheScalarBitsInEveryJitTier() {
        Random r = new Random(3);
        float[] x = random(r, 256);
        for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i]) + 0.1f;
        float[] fast = new float[256], slow = new float[256];
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID}) {
            for (int round = 0; round < 20_000; round++) FloatKernels.unary(op, x, 0, 1, fast, 0, 256); // warm: C2 compiles the rows
            FloatKernels.unaryScalar(op, x, 0, 1, slow, 0, 256);
            assertThat(fast).as("%s", op).containsExactly(slow);
        }
    }

    @Test
    void binaryRowsMatchTheScalarKernelWithEitherSideBroadcast() {
        Random r = new Random(2);
        for (BinaryOp op : BinaryOp.values()) {
            for (int n = 0; n <= 40; n++) {
                float[] a = random(r, n + 1), b = random(r, n + 1);
                if (op == BinaryOp.POW) for (int i = 0; i < a.length; i++) a[i] = Math.abs(a[i]) + 0.1f;
                int[][] steps = {{1, 1}, {1, 0}, {0, 1}};
                for (int[] s : steps) {
                    float[] fast = new float[n], slow = new float[n];
                    FloatKernels.binary(op, a, 1, s[0], b, 1, s[1], fast, 0, n);
                    FloatKernels.binaryScalar(op, a, 1, s[0], b, 1, s[1], slow, 0, n);
                    for (int i = 0; i < n; i++)
                        assertThat(fast[i]).as("%s n=%d steps=%d,%d", op, n, s[0], s[1]).isCloseTo(slow[i], within(1e-6f * (1 + Math.abs(slow[i]))));
                }
            }
        }
    }

    @Test
    void comparisonsTreatNaNLikeJava() {
        float[] a = new float[16], b = new float[16];
        a[5] = Float.NaN;
        b[9] = Float.NaN;
        for (BinaryOp op : new BinaryOp[] {BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE}) {
            float[] fast = new float[16], slow = new float[16];
            FloatKernels.binary(op, a, 0, 1, b, 0, 1, fast, 0, 16);
            FloatKernels.binaryScalar(op, a, 0, 1, b, 0, 1, slow, 0, 16);
            assertThat(fast).as(op.toString()).containsExactly(slow);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void inPlaceUpdatesMatchTheScalarLoopAtAnyThreadCount(int threads) {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            Random r = new Random(4);
            // Lengths below and above the split between threads, with ragged tails; offset views of larger storages.
            for (int n : new int[] {5, 33, 40_000, 70_001}) {
                float[] x = random(r, n + 2), y = random(r, n + 3);
                org.nabla.tensor.Layout lx = new org.nabla.tensor.Layout(new int[] {n}, new int[] {1}, 2);
                org.nabla.tensor.Layout ly = new org.nabla.tensor.Layout(new int[] {n}, new int[] {1}, 3);
                float[] axpy = y.clone(), scale = y.clone(), axpby = y.clone();
                CpuBackend.INSTANCE.axpyInPlace(-0.3, new org.nabla.tensor.Storage.F32(x), lx, new org.nabla.tensor.Storage.F32(axpy), ly);
                CpuBackend.INSTANCE.scaleInPlace(0.7, new org.nabla.tensor.Storage.F32(scale), ly);
                CpuBackend.INSTANCE.axpbyInPlace(-0.3, new org.nabla.tensor.Storage.F32(x), lx, 0.7, new org.nabla.tensor.Storage.F32(axpby), ly);
                for (int i = 0; i < n + 3; i++) {
                    boolean in = i >= 3;
                    float xi = in ? x[i - 1] : 0;
                    assertThat(axpy[i]).as("axpy n=%d i=%d", n, i).isEqualTo(in ? y[i] + -0.3f * xi : y[i]);
                    assertThat(scale[i]).as("scale n=%d i=%d", n, i).isEqualTo(in ? y[i] * 0.7f : y[i]);
                    assertThat(axpby[i]).as("axpby n=%d i=%d", n, i).isEqualTo(in ? 0.7f * y[i] + -0.3f * xi : y[i]);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void longRowsSplitBetweenThreadsGiveTheSameBitsAsOneThread() {
        int saved = Parallel.threads();
        try {
            Random r = new Random(5);
            int n = 70_001;
            org.nabla.tensor.Storage x = new org.nabla.tensor.Storage.F32(random(r, n)), y = new org.nabla.tensor.Storage.F32(random(r, n));
            org.nabla.tensor.Layout l = org.nabla.tensor.Layout.contiguous(new int[] {n});
            org.nabla.tensor.Layout scalar = new org.nabla.tensor.Layout(new int[] {n}, new int[] {0}, 7);
            float[][] results = new float[2][];
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                float[] tanh = ((org.nabla.tensor.Storage.F32) CpuBackend.INSTANCE.unary(UnaryOp.TANH, x, l)).data();
                float[] div = ((org.nabla.tensor.Storage.F32) CpuBackend.INSTANCE.binary(BinaryOp.DIV, x, l, y, l)).data();
                float[] gt = ((org.nabla.tensor.Storage.F32) CpuBackend.INSTANCE.binary(BinaryOp.GT, x, l, y, scalar)).data();
                float[] all = new float[3 * n];
                System.arraycopy(tanh, 0, all, 0, n);
                System.arraycopy(div, 0, all, n, n);
                System.arraycopy(gt, 0, all, 2 * n, n);
                results[threads - 1] = all;
            }
            assertThat(java.util.Arrays.mismatch(results[0], results[1])).isEqualTo(-1);
            float[] xs = ((org.nabla.tensor.Storage.F32) x).data(), ys = ((org.nabla.tensor.Storage.F32) y).data();
            for (int i = 0; i < n; i += 997) {
                assertThat(results[1][n + i]).isEqualTo(xs[i] / ys[i]);
                assertThat(results[1][2 * n + i]).isEqualTo(xs[i] > ys[7] ? 1f : 0f);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void reluKeepsNaNLikePyTorch() {
        float[] x = new float[20];
        x[3] = Float.NaN;
        x[17] = Float.NaN;
        float[] out = new float[20];
        FloatKernels.unary(UnaryOp.RELU, x, 0, 1, out, 0, 20);
        assertThat(out[3]).isNaN();
        assertThat(out[17]).isNaN();
    }
}

package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nabla.backend.cpu.DirectConvTest.assertClose;
import static org.nabla.backend.cpu.DirectConvTest.random;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nabla.backend.Conv2dSpec;
import org.nabla.tensor.Storage;

/** Strided float32 convolutions through the input's phases, against the definition in double precision and against im2col. */
class PhaseConvTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    /** n, c, h, w, o, kh, kw, strideH, strideW, padH, padW, groups. */
    private static final int[][] CASES = {
            {3, 1, 28, 28, 64, 4, 4, 2, 2, 1, 1, 1},     // DCGAN's critic conv1 / generator's last transposed conv
            {2, 64, 14, 14, 128, 4, 4, 2, 2, 1, 1, 1},   // critic conv2 / generator's middle transposed conv
            {2, 16, 16, 16, 32, 2, 2, 2, 2, 0, 0, 1},    // U-Net's up-sampling (its adjoint): a 1x1 convolution over 64 phase channels
            {3, 3, 9, 7, 5, 4, 2, 2, 1, 1, 0, 1},        // odd sizes, stride 2 in one dim only
            {2, 2, 11, 10, 3, 3, 6, 3, 3, 2, 1, 1},      // stride 3
            {2, 4, 10, 10, 6, 4, 4, 2, 2, 1, 1, 2},      // groups
            {2, 2, 5, 5, 3, 4, 4, 2, 2, 3, 3, 1},        // padding wider than the kernel's reach
            {5, 8, 6, 6, 32, 2, 2, 2, 2, 0, 0, 1},       // 32 channels: the transposed weight gradient at both widths
            {2, 3, 6, 6, 16, 4, 4, 2, 2, 1, 1, 1},       // 3 output columns of 4: channel blocks inside
            {17, 3, 8, 8, 4, 2, 2, 2, 2, 0, 0, 1}};      // several weight-gradient chunks

    private static Conv2dSpec spec(int[] k) {
        return new Conv2dSpec(k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8], k[9], k[10], 1, 1, k[11]);
    }

    /** Calls body(n, o, y, x, ci, i, j, xIndex, wIndex) for every term of the convolution's sum that lies inside the image. */
    private interface Term {
        void at(int n, int o, int y, int z, int xi, int wi);
    }

    private static void terms(Conv2dSpec s, Term t) {
        for (int n = 0; n < s.n(); n++)
            for (int o = 0; o < s.o(); o++)
                for (int y = 0; y < s.outH(); y++)
                    for (int z = 0; z < s.outW(); z++) {
                        int g = o / s.og();
                        for (int ci = 0; ci < s.cg(); ci++)
                            for (int i = 0; i < s.kh(); i++)
                                for (int j = 0; j < s.kw(); j++) {
                                    int iy = y * s.strideH() - s.padH() + i, ix = z * s.strideW() - s.padW() + j;
                                    if (iy < 0 || iy >= s.h() || ix < 0 || ix >= s.w()) continue;
                                    t.at(n, o, y, z, ((n * s.c() + g * s.cg() + ci) * s.h() + iy) * s.w() + ix, ((o * s.cg() + ci) * s.kh() + i) * s.kw() + j);
                                }
                    }
    }

    private static int outIndex(Conv2dSpec s, int n, int o, int y, int z) {
        return ((n * s.o() + o) * s.outH() + y) * s.outW() + z;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void forwardInputAndWeightGradientsMatchTheDefinition(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(threads);
        for (int[] k : CASES) {
            Conv2dSpec s = spec(k);
            assertThat(PhaseConv.applies(s)).as(java.util.Arrays.toString(k)).isTrue();
            float[] x = random(r, s.n() * s.c() * s.h() * s.w()), w = random(r, s.o() * s.patch()), b = random(r, s.o());
            float[] dy = random(r, s.n() * s.o() * s.outH() * s.outW());
            double[] out = new double[dy.length], dx = new double[x.length], dw = new double[w.length];
            terms(s, (n, o, y, z, xi, wi) -> {
                int oi = outIndex(s, n, o, y, z);
                out[oi] += (double) x[xi] * w[wi];
                dx[xi] += (double) dy[oi] * w[wi];
                dw[wi] += (double) dy[oi] * x[xi];
            });
            String name = java.util.Arrays.toString(k);
            double[] withBias = out.clone();
            int q = s.outH() * s.outW();
            for (int i = 0; i < withBias.length; i++) withBias[i] += b[(i / q) % s.o()];
            assertClose(PhaseConv.forward(x, w, null, s), out, 1e-4, "forward " + name);
            assertClose(PhaseConv.forward(x, w, b, s), withBias, 1e-4, "forward with bias " + name);
            assertClose(PhaseConv.inputGrad(dy, w, s), dx, 1e-4, "input gradient " + name);
            assertClose(PhaseConv.weightGrad(dy, x, s), dw, 1e-4 + 2e-8 * s.n() * q, "weight gradient " + name);
        }
    }

    /** The routing: ConvKernels hands these to PhaseConv in float32 and keeps im2col for float64; both agree. */
    @Test
    void float32ThroughThePhasesAgreesWithFloat64ThroughIm2col() {
        Random r = new Random(5);
        Conv2dSpec s = spec(CASES[1]);
        float[] x = random(r, s.n() * s.c() * s.h() * s.w()), w = random(r, s.o() * s.patch()), dy = random(r, s.n() * s.o() * s.outH() * s.outW());
        Storage x32 = new Storage.F32(x), w32 = new Storage.F32(w), dy32 = new Storage.F32(dy);
        Storage x64 = new Storage.F64(widen(x)), w64 = new Storage.F64(widen(w)), dy64 = new Storage.F64(widen(dy));
        assertClose(((Storage.F32) ConvKernels.forward(x32, w32, null, s)).data(), ((Storage.F64) ConvKernels.forward(x64, w64, null, s)).data(), 1e-4, "forward");
        assertClose(((Storage.F32) ConvKernels.inputGrad(dy32, w32, s)).data(), ((Storage.F64) ConvKernels.inputGrad(dy64, w64, s)).data(), 1e-4, "input gradient");
        assertClose(((Storage.F32) ConvKernels.weightGrad(dy32, x32, s)).data(), ((Storage.F64) ConvKernels.weightGrad(dy64, x64, s)).data(), 1e-3, "weight gradient");
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Random r = new Random(7);
        Conv2dSpec s = spec(new int[] {21, 8, 14, 14, 16, 4, 4, 2, 2, 1, 1, 1});
        float[] x = random(r, s.n() * s.c() * s.h() * s.w()), w = random(r, s.o() * s.patch()), dy = random(r, s.n() * s.o() * s.outH() * s.outW());
        float[][][] got = new float[2][][];
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            got[threads - 1] = new float[][] {PhaseConv.forward(x, w, null, s), PhaseConv.inputGrad(dy, w, s), PhaseConv.weightGrad(dy, x, s)};
        }
        for (int i = 0; i < 3; i++) assertThat(got[1][i]).containsExactly(got[0][i]);
    }

    @Test
    void onlyKernelsThatSplitEvenlyIntoPhasesTakeThisPath() {
        assertThat(PhaseConv.applies(new Conv2dSpec(1, 1, 8, 8, 1, 4, 4, 2, 2, 1, 1, 1, 1, 1))).isTrue();
        assertThat(PhaseConv.applies(new Conv2dSpec(1, 1, 8, 8, 1, 2, 2, 2, 2, 0, 0, 1, 1, 1))).isTrue();
        assertThat(PhaseConv.applies(new Conv2dSpec(1, 1, 8, 8, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1))).isFalse();  // 3x3 at stride 2: zero taps
        assertThat(PhaseConv.applies(new Conv2dSpec(1, 1, 8, 8, 1, 1, 1, 2, 2, 0, 0, 1, 1, 1))).isFalse();  // 1x1 at stride 2
        assertThat(PhaseConv.applies(new Conv2dSpec(1, 1, 9, 9, 1, 4, 4, 2, 2, 1, 1, 2, 2, 1))).isFalse();  // dilation
        assertThat(PhaseConv.applies(new Conv2dSpec(1, 1, 8, 8, 1, 4, 4, 1, 1, 1, 1, 1, 1, 1))).isFalse();  // stride 1: DirectConv
    }
}

package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nabla.backend.Conv2dSpec;

/** The direct (virtual-row) float32 convolution against the definition, in double precision. */
class DirectConvTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    /** n, c, h, w, o, kh, kw, padH, padW, dilationH, dilationW, groups (stride 1: the direct path's domain). */
    private static final int[][] CASES = {
            {2, 3, 7, 6, 4, 3, 3, 0, 0, 1, 1, 1},
            {9, 1, 12, 12, 5, 5, 5, 2, 2, 1, 1, 1},     // LeNet conv1-like, a partial weight-gradient chunk
            {3, 6, 14, 14, 16, 5, 5, 0, 0, 1, 1, 1},    // LeNet conv2
            {3, 4, 9, 8, 6, 3, 2, 1, 2, 1, 1, 2},       // groups, uneven padding
            {1, 2, 10, 11, 3, 3, 3, 2, 1, 2, 3, 1},     // dilation
            {2, 2, 4, 5, 2, 5, 5, 3, 4, 1, 1, 1},       // padding larger than the kernel reach
            {2, 6, 5, 5, 6, 1, 1, 0, 0, 1, 1, 3},       // 1x1 kernel, 3 groups
            {17, 5, 3, 17, 7, 2, 4, 1, 0, 1, 1, 1},     // odd sizes, 3 weight-gradient chunks
            {2, 4, 4, 4, 4, 3, 3, 1, 1, 1, 1, 4},       // depthwise
            {9, 4, 9, 9, 32, 3, 3, 1, 1, 2, 2, 2},      // channel blocks: 16 per group, 49 positions, 18 patch entries
            {2, 3, 6, 4, 16, 2, 2, 0, 0, 1, 1, 1},      // channel blocks, 15 positions
            {9, 2, 200, 190, 2, 3, 3, 1, 1, 1, 1, 1},   // large images: weight-gradient chunks of 6 samples
            {40, 3, 5, 5, 6, 3, 3, 1, 1, 1, 1, 1},      // small maps: weight-gradient chunks of 32 samples, then 8
            {3, 4, 6, 10, 32, 3, 3, 1, 1, 1, 1, 1},     // 32 channels, few dropped columns: the transposed weight gradient at 256 bits
            {2, 4, 5, 9, 32, 3, 3, 1, 1, 1, 1, 2}};     // the same with 2 groups of 16

    private static Conv2dSpec spec(int[] k) {
        return new Conv2dSpec(k[0], k[1], k[2], k[3], k[4], k[5], k[6], 1, 1, k[7], k[8], k[9], k[10], k[11]);
    }

    /** n standard-normal floats (shared with the other convolution kernel tests). */
    static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    /** out[n][o][y][x] = sum w[o][ci][i][j] * x[n][g*cg+ci][y - ph + i*dh][x - pw + j*dw] (+ bias), in double. */
    private static double[] naiveForward(float[] x, float[] w, float[] bias, Conv2dSpec s) {
        int oh = s.outH(), ow = s.outW();
        double[] out = new double[s.n() * s.o() * oh * ow];
        for (int n = 0; n < s.n(); n++)
            for (int o = 0; o < s.o(); o++)
                for (int y = 0; y < oh; y++)
                    for (int z = 0; z < ow; z++) {
                        double sum = bias == null ? 0 : bias[o];
                        int g = o / s.og();
                        for (int ci = 0; ci < s.cg(); ci++)
                            for (int i = 0; i < s.kh(); i++)
                                for (int j = 0; j < s.kw(); j++) {
                                    int iy = y - s.padH() + i * s.dilationH(), ix = z - s.padW() + j * s.dilationW();
                                    if (iy < 0 || iy >= s.h() || ix < 0 || ix >= s.w()) continue;
                                    sum += (double) x[((n * s.c() + g * s.cg() + ci) * s.h() + iy) * s.w() + ix]
                                            * w[((o * s.cg() + ci) * s.kh() + i) * s.kw() + j];
                                }
                        out[((n * s.o() + o) * oh + y) * ow + z] = sum;
                    }
        return out;
    }

    /** dx and dW of sum(out * dy), by the definition (every term of the forward sum, differentiated). */
    private static double[][] naiveGrads(float[] x, float[] w, float[] dy, Conv2dSpec s) {
        int oh = s.outH(), ow = s.outW();
        double[] dx = new double[x.length], dw = new double[w.length];
        for (int n = 0; n < s.n(); n++)
            for (int o = 0; o < s.o(); o++)
                for (int y = 0; y < oh; y++)
                    for (int z = 0; z < ow; z++) {
                        double g = dy[((n * s.o() + o) * oh + y) * ow + z];
                        int grp = o / s.og();
                        for (int ci = 0; ci < s.cg(); ci++)
                            for (int i = 0; i < s.kh(); i++)
                                for (int j = 0; j < s.kw(); j++) {
                                    int iy = y - s.padH() + i * s.dilationH(), ix = z - s.padW() + j * s.dilationW();
                                    if (iy < 0 || iy >= s.h() || ix < 0 || ix >= s.w()) continue;
                                    int xi = ((n * s.c() + grp * s.cg() + ci) * s.h() + iy) * s.w() + ix;
                                    int wi = ((o * s.cg() + ci) * s.kh() + i) * s.kw() + j;
                                    dx[xi] += g * w[wi];
                                    dw[wi] += g * x[xi];
                                }
                    }
        return new double[][] {dx, dw};
    }

    /** Each element within tol relative to the wanted value (shared with the other convolution kernel tests). */
    static void assertClose(float[] got, double[] want, double tol, String what) {
        assertThat(got.length).as(what).isEqualTo(want.length);
        for (int i = 0; i < want.length; i++)
            assertThat((double) got[i]).as("%s at %d", what, i).isCloseTo(want[i], within(tol * (1 + Math.abs(want[i]))));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void forwardInputAndWeightGradientsMatchTheDefinition(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(threads);
        for (int[] k : CASES) {
            Conv2dSpec s = spec(k);
            assertThat(DirectConv.applies(s)).isTrue();
            float[] x = random(r, s.n() * s.c() * s.h() * s.w()), w = random(r, s.o() * s.patch()), b = random(r, s.o());
            float[] dy = random(r, s.n() * s.o() * s.outH() * s.outW());
            String name = java.util.Arrays.toString(k);
            assertClose(DirectConv.forward(x, w, b, s), naiveForward(x, w, b, s), 1e-4, "forward " + name);
            assertClose(DirectConv.forward(x, w, null, s), naiveForward(x, w, null, s), 1e-4, "forward without bias " + name);
            double[][] want = naiveGrads(x, w, dy, s);
            assertClose(DirectConv.inputGrad(dy, w, s), want[0], 1e-4, "input gradient " + name);
            // Each weight-gradient entry sums n * outH * outW float32 products (342,000 in the largest case).
            double terms = (double) s.n() * s.outH() * s.outW();
            assertClose(DirectConv.weightGrad(dy, x, s), want[1], 1e-4 + 2e-8 * terms, "weight gradient " + name);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Random r = new Random(7);
        Conv2dSpec s = spec(new int[] {21, 6, 14, 14, 16, 5, 5, 1, 1, 1, 1, 1});
        float[] x = random(r, s.n() * s.c() * s.h() * s.w()), w = random(r, s.o() * s.patch()), b = random(r, s.o());
        float[] dy = random(r, s.n() * s.o() * s.outH() * s.outW());
        float[][][] got = new float[2][][];
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            got[threads - 1] = new float[][] {DirectConv.forward(x, w, b, s), DirectConv.inputGrad(dy, w, s), DirectConv.weightGrad(dy, x, s)};
        }
        for (int i = 0; i < 3; i++) assertThat(got[1][i]).containsExactly(got[0][i]);
    }

    @Test
    void anEmptyBatchGivesEmptyOutputsAndAZeroWeightGradient() {
        Conv2dSpec s = spec(new int[] {0, 3, 8, 8, 4, 3, 3, 1, 1, 1, 1, 1});
        float[] w = new float[4 * 27];
        java.util.Arrays.fill(w, 1f);
        assertThat(DirectConv.forward(new float[0], w, null, s)).isEmpty();
        assertThat(DirectConv.inputGrad(new float[0], w, s)).isEmpty();
        assertThat(DirectConv.weightGrad(new float[0], new float[0], s)).hasSize(4 * 27).containsOnly(0f);
    }

    @Test
    void channelBlocksTakeWideChannelCountsWithManyDroppedColumns() {
        assertThat(ChannelBlockConv.applies(spec(CASES[2]))).isTrue();       // LeNet conv2
        assertThat(ChannelBlockConv.applies(spec(CASES[9]))).isTrue();
        assertThat(ChannelBlockConv.applies(spec(CASES[10]))).isTrue();
        assertThat(ChannelBlockConv.applies(spec(CASES[1]))).isFalse();      // 5 channels
        assertThat(ChannelBlockConv.applies(new Conv2dSpec(2, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1))).isFalse();  // 32 of 34 kept
    }

    @Test
    void theWeightGradientIsAnOuterProductForChannelsInBlocksOfTwoVectors() {
        Conv2dSpec resnetStage1 = new Conv2dSpec(2, 16, 32, 32, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        Conv2dSpec resnetStage2 = new Conv2dSpec(2, 32, 16, 16, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        assertThat(ChannelBlockConv.applies(resnetStage2)).isFalse();
        assertThat(DirectConv.transposedWeightGrad(resnetStage1)).isEqualTo(!Simd.WIDE);   // 16 channels: blocks of 16 at 256 bits, 32 at 512
        assertThat(DirectConv.transposedWeightGrad(resnetStage2)).isTrue();
        assertThat(DirectConv.transposedWeightGrad(spec(CASES[13]))).isTrue();
        assertThat(DirectConv.transposedWeightGrad(spec(CASES[14]))).isEqualTo(!Simd.WIDE);
        assertThat(DirectConv.transposedWeightGrad(spec(CASES[1]))).isFalse();   // 5 channels
    }

    @Test
    void weightGradientChunksShrinkForLargeImages() {
        assertThat(DirectConv.wgradChunk(3_500)).isEqualTo(8);                 // LeNet conv2
        assertThat(DirectConv.wgradChunk(154_000)).isEqualTo(6);
        assertThat(DirectConv.wgradChunk(1 << 22)).isEqualTo(1);
        // By positions: 8 samples when a chunk of 8 has 4096 or more, doubling up to 32 for small maps, within the float bound.
        assertThat(DirectConv.wgradChunk(37_000, 1088)).isEqualTo(8);            // resnet20 stage 1: 16 x 32x32
        assertThat(DirectConv.wgradChunk(20_000, 288)).isEqualTo(16);            // stage 2: 32 x 16x16
        assertThat(DirectConv.wgradChunk(11_500, 80)).isEqualTo(32);             // stage 3: 64 x 8x8
        assertThat(DirectConv.wgradChunk(100_000, 80)).isEqualTo(10);
    }

    @Test
    void stridedConvolutionsAreLeftToIm2col() {
        assertThat(DirectConv.applies(new Conv2dSpec(1, 1, 8, 8, 1, 3, 3, 2, 1, 0, 0, 1, 1, 1))).isFalse();
        assertThat(DirectConv.applies(new Conv2dSpec(1, 1, 8, 8, 1, 3, 3, 1, 2, 0, 0, 1, 1, 1))).isFalse();
    }
}

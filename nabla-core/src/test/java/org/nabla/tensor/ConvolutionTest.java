package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nabla.autograd.GradCheck;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;
import org.nabla.backend.cpu.Parallel;

@ExtendWith(GradCoverage.class)
class ConvolutionTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    private static Tensor rand64(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape).to(DType.FLOAT64);
    }

    /** Direct convolution by the definition, in double precision. */
    static double[] naiveConv(Tensor x, Tensor w, int sh, int sw, int ph, int pw, int dh, int dw, int groups) {
        int[] xs = x.shape(), ws = w.shape();
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1, ow = (wd + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        double[] xv = x.toDoubleArray(), wv = w.toDoubleArray(), out = new double[n * o * oh * ow];
        int og = o / groups;
        for (int ni = 0; ni < n; ni++)
            for (int oc = 0; oc < o; oc++)
                for (int y = 0; y < oh; y++)
                    for (int z = 0; z < ow; z++) {
                        double s = 0;
                        int g = oc / og;
                        for (int ci = 0; ci < cg; ci++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) {
                                    int iy = y * sh - ph + i * dh, ix = z * sw - pw + j * dw;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                    s += xv[((ni * c + g * cg + ci) * h + iy) * wd + ix] * wv[((oc * cg + ci) * kh + i) * kw + j];
                                }
                        out[((ni * o + oc) * oh + y) * ow + z] = s;
                    }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void conv2dMatchesTheDefinitionForEveryOption(int threads) {
        Parallel.setThreads(threads);
        int[][] cases = { // n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups
                {2, 3, 7, 6, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1},
                {3, 4, 9, 8, 6, 3, 2, 2, 1, 1, 2, 1, 1, 2},
                {1, 2, 10, 11, 3, 3, 3, 1, 2, 2, 1, 2, 3, 1},
                {2, 6, 5, 5, 6, 1, 1, 1, 1, 0, 0, 1, 1, 3},
                {9, 1, 12, 12, 5, 5, 5, 1, 1, 2, 2, 1, 1, 1},
                {2, 4, 4, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4}};
        for (int[] k : cases) {
            for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = rand64(k[0] + k[1], k[0], k[1], k[2], k[3]).to(type);
                Tensor w = rand64(k[4] + k[5], k[4], k[1] / k[13], k[5], k[6]).to(type);
                Tensor y = Convolution.conv2d(x, w, null, new int[] {k[7], k[8]}, new int[] {k[9], k[10]}, new int[] {k[11], k[12]}, k[13]);
                double[] want = naiveConv(x, w, k[7], k[8], k[9], k[10], k[11], k[12], k[13]);
                double[] got = y.toDoubleArray();
                assertThat(got.length).isEqualTo(want.length);
                double tol = type == DType.FLOAT32 ? 1e-4 : 1e-12;
                for (int i = 0; i < want.length; i++) assertThat(got[i]).as("case %s at %d", java.util.Arrays.toString(k), i).isCloseTo(want[i], within(tol));
            }
        }
    }

    @Test
    void float32GradientsMatchFloat64ForEveryOption() {
        // float32 copies runs of input rows in im2col/col2im; float64 follows an index map: both must agree.
        int[][] cases = { // n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups
                {2, 3, 7, 6, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1}, {3, 4, 9, 8, 6, 3, 2, 2, 3, 1, 2, 1, 1, 2},
                {1, 2, 10, 11, 3, 3, 3, 1, 2, 2, 1, 2, 3, 1}, {2, 2, 4, 5, 2, 5, 5, 1, 1, 3, 4, 1, 1, 1}};
        for (int[] k : cases) {
            Tensor x64 = rand64(k[0] * 7, k[0], k[1], k[2], k[3]).requiresGrad(true);
            Tensor w64 = rand64(k[4] * 5, k[4], k[1] / k[13], k[5], k[6]).requiresGrad(true);
            Tensor x32 = x64.detach().to(DType.FLOAT32).requiresGrad(true), w32 = w64.detach().to(DType.FLOAT32).requiresGrad(true);
            int[] st = {k[7], k[8]}, pad = {k[9], k[10]}, dil = {k[11], k[12]};
            Tensor y64 = Convolution.conv2d(x64, w64, null, st, pad, dil, k[13]);
            Tensor g = rand64(99, y64.shape());
            y64.backward(g);
            Convolution.conv2d(x32, w32, null, st, pad, dil, k[13]).backward(g.to(DType.FLOAT32));
            assertThat(x32.grad().toDoubleArray()).containsExactly(x64.grad().toDoubleArray(), within(1e-4));
            assertThat(w32.grad().toDoubleArray()).containsExactly(w64.grad().toDoubleArray(), within(1e-3));
        }
    }

    @Test
    @GradChecked(value = "Conv2d", on = GradChecked.Inputs.PLAIN)
    void conv2dGradientsPassGradCheck() {
        Tensor x = rand64(1, 2, 4, 6, 5).requiresGrad(true);
        Tensor w = rand64(2, 6, 2, 3, 2).requiresGrad(true);
        Tensor b = rand64(3, 6).requiresGrad(true);
        GradCoverage.assertGradients(in -> Convolution.conv2d(in[0], in[1], in[2], new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}, 2), x, w, b);
        // A 1x1 kernel skips im2col: the input itself is the patch matrix.
        Tensor w1 = rand64(9, 4, 2, 1, 1).requiresGrad(true);
        GradCoverage.assertGradients(in -> Convolution.conv2d(in[0], in[1], null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2), x, w1);
    }

    @Test
    @GradChecked(value = "Conv2d", on = GradChecked.Inputs.NON_CONTIGUOUS)
    void conv2dGradientsOnNonContiguousInputs() {
        Tensor x = rand64(4, 2, 3, 5, 6).transpose(2, 3).detach().requiresGrad(true); // [2, 3, 6, 5] strided
        Tensor w = rand64(5, 3, 4, 3, 3).permute(1, 0, 2, 3).detach().requiresGrad(true); // [4, 3, 3, 3] strided
        GradCoverage.assertGradients(in -> Convolution.conv2d(in[0], in[1], null, new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 1}, 1), x, w);
    }

    @Test
    @GradChecked(value = {"Conv2d", "ConvTranspose2d", "Conv2dWeightGrad"}, on = GradChecked.Inputs.SECOND_ORDER)
    void secondOrderGradientsOfConv2d() {
        Tensor x = rand64(6, 1, 2, 4, 4).requiresGrad(true);
        Tensor w = rand64(7, 2, 2, 2, 2).requiresGrad(true);
        java.util.function.Function<Tensor[], Tensor> f = in ->
                Convolution.conv2d(in[0], in[1], null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1).tanh();
        Tensor seed = rand64(8, 1, 2, 5, 5);
        GradCoverage.assertGradients(GradCoverage.gradientOf(f, seed, 0), x, w);
        GradCoverage.assertGradients(GradCoverage.gradientOf(f, seed, 1), x, w);
    }

    @Test
    void convTranspose2dIsTheAdjointOfConv2d() {
        // <conv(x, w), y> == <x, conv_transpose(y, w)> for matching geometry.
        int[] stride = {2, 3}, pad = {1, 0}, dil = {1, 2};
        Tensor x = rand64(8, 2, 4, 7, 9), w = rand64(9, 6, 2, 3, 2), y0 = Convolution.conv2d(x, w, null, stride, pad, dil, 2);
        Tensor y = rand64(10, y0.shape());
        int[] outPad = {(7 + 2 * 1 - 1 * 2 - 1) % 2, (9 - 2 * 1 - 1) % 3};
        Tensor back = Convolution.convTranspose2d(y, w, null, stride, pad, outPad, dil, 2);
        assertThat(back.shape()).containsExactly(x.shape());
        assertThat(y0.mul(y).sum().item()).isCloseTo(x.mul(back).sum().item(), within(1e-9));
    }

    @Test
    @GradChecked(value = "ConvTranspose2d", on = GradChecked.Inputs.PLAIN)
    void convTranspose2dGradientsPassGradCheck() {
        Tensor x = rand64(11, 2, 4, 3, 3).requiresGrad(true);
        Tensor w = rand64(12, 4, 3, 3, 2).requiresGrad(true);
        Tensor b = rand64(13, 3).requiresGrad(true);
        GradCoverage.assertGradients(in -> Convolution.convTranspose2d(in[0], in[1], in[2], new int[] {2, 2}, new int[] {1, 0},
                new int[] {1, 1}, new int[] {1, 1}, 1), x, w, b);
    }

    @Test
    @GradChecked(value = {"Conv2d", "Unsqueeze", "Squeeze"}, on = GradChecked.Inputs.PLAIN)
    void conv1dMatchesConv2dOnAHeightOfOne() {
        Tensor x = rand64(14, 2, 3, 11).requiresGrad(true), w = rand64(15, 4, 3, 3).requiresGrad(true);
        Tensor y = Convolution.conv1d(x, w, null, 2, 1, 2, 1);
        double[] want = naiveConv(x.unsqueeze(2), w.unsqueeze(2), 1, 2, 0, 1, 1, 2, 1);
        assertThat(y.shape()).containsExactly(2, 4, 5);
        assertThat(y.toDoubleArray()).containsExactly(want, within(1e-12));
        GradCoverage.assertGradients(in -> Convolution.conv1d(in[0], in[1], null, 2, 1, 2, 1), x, w);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Tensor x = Tensor.randn(new Generator(16), 16, 6, 12, 12).requiresGrad(true);
        Tensor w = Tensor.randn(new Generator(17), 16, 6, 5, 5).requiresGrad(true);
        float[][] results = new float[2][];
        float[][] weightGrads = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            x.setGrad(null);
            w.setGrad(null);
            Tensor y = Convolution.conv2d(x, w, null);
            y.sum().backward();
            results[threads - 1] = y.toFloatArray();
            weightGrads[threads - 1] = w.grad().toFloatArray();
        }
        assertThat(results[1]).containsExactly(results[0]);
        assertThat(weightGrads[1]).containsExactly(weightGrads[0]);
    }

    @Test
    void anEmptyBatchGivesEmptyOutputsAndZeroWeightGradients() {
        Tensor x = Tensor.zeros(0, 3, 8, 8).requiresGrad(true), w = Tensor.randn(new Generator(1), 4, 3, 3, 3).requiresGrad(true);
        Tensor y = Convolution.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
        assertThat(y.shape()).containsExactly(0, 4, 8, 8);
        y.sum().backward();
        assertThat(x.grad().shape()).containsExactly(0, 3, 8, 8);
        assertThat(w.grad().toFloatArray()).containsOnly(0f);
        int[] two = {2, 2}, zero = {0, 0};
        assertThat(Pooling.maxPool2d(Tensor.zeros(0, 2, 4, 4), two, two, zero, false).shape()).containsExactly(0, 2, 2, 2);
        assertThat(Pooling.avgPool2d(Tensor.zeros(0, 2, 4, 4), two, two, zero, false, true).shape()).containsExactly(0, 2, 2, 2);
    }

    @Test
    void badShapesAreNamedInTheError() {
        Tensor x = Tensor.zeros(2, 3, 8, 8);
        assertThatThrownBy(() -> Convolution.conv2d(x, Tensor.zeros(4, 2, 3, 3), null))
                .hasMessageContaining("conv2d").hasMessageContaining("[2, 3, 8, 8]").hasMessageContaining("[4, 2, 3, 3]");
        assertThatThrownBy(() -> Convolution.conv2d(x, Tensor.zeros(4, 3, 9, 9), null))
                .hasMessageContaining("conv2d").hasMessageContaining("smaller than the dilated kernel");
        assertThatThrownBy(() -> Convolution.conv2d(Tensor.zeros(3, 8), Tensor.zeros(4, 3, 3, 3), null))
                .hasMessageContaining("conv2d: input must be 4-d");
        assertThatThrownBy(() -> Convolution.conv2d(x, Tensor.zeros(4, 3, 3, 3), Tensor.zeros(5)))
                .hasMessageContaining("bias must have shape [4]");
        assertThatThrownBy(() -> Convolution.conv2d(x, Tensor.zeros(4, 1, 3, 3), null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2))
                .hasMessageContaining("groups 2 must divide");
    }
}

package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nabla.tensor.Storage;

/** The fused float32 batch-norm passes against the definition in double, at the vector width the tests run at. */
class BatchNormKernelsTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    /** {n, c, inner}: inner below, at and around a vector's lanes (the tails), one value per channel and sample, a big map. */
    private static int[][] cases() {
        int l = Simd.LANES;
        return new int[][] {{3, 2, l - 1}, {2, 3, l}, {4, 5, 2 * l + 3}, {5, 4, 1}, {2, 17, 3 * l}, {3, 2, 1024}};
    }

    private static float[] random(Random r, int n, double scale, double shift) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * scale + shift);
        return v;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void forwardAndBackwardMatchTheDefinition(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(7);
        for (int[] k : cases()) {
            int n = k[0], c = k[1], inner = k[2], size = n * c * inner, count = n * inner;
            float[] x = random(r, size, 2, 0.5), g = random(r, size, 1, 0), w = random(r, c, 1, 1), b = random(r, c, 1, 0);
            double eps = 1e-5;
            Storage[] f = BatchNormKernels.forward(new Storage.F32(x), 0, c * inner, n, c, inner, new Storage.F32(w), new Storage.F32(b), eps);
            float[] out = ((Storage.F32) f[0]).data(), mean = ((Storage.F32) f[1]).data(), var = ((Storage.F32) f[2]).data();
            Storage[] d = BatchNormKernels.backward(new Storage.F32(g), new Storage.F32(x), 0, c * inner, f[1], f[3], new Storage.F32(w), n, c, inner);
            float[] dx = ((Storage.F32) d[0]).data(), dw = ((Storage.F32) d[1]).data(), db = ((Storage.F32) d[2]).data();
            for (int ch = 0; ch < c; ch++) {
                double m = 0, v = 0;
                for (int i = 0; i < n; i++) for (int j = 0; j < inner; j++) m += x[(i * c + ch) * inner + j];
                m /= count;
                for (int i = 0; i < n; i++) for (int j = 0; j < inner; j++) v += Math.pow(x[(i * c + ch) * inner + j] - m, 2);
                v /= count;
                double rs = 1 / Math.sqrt(v + eps), sg = 0, sgh = 0;
                assertThat((double) mean[ch]).isCloseTo(m, within(1e-5));
                assertThat((double) var[ch]).isCloseTo(v, within(1e-4 * v));
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < inner; j++) {
                        int p = (i * c + ch) * inner + j;
                        double h = (x[p] - m) * rs;
                        assertThat((double) out[p]).isCloseTo(h * w[ch] + b[ch], within(1e-4));
                        sg += g[p];
                        sgh += g[p] * h;
                    }
                assertThat((double) db[ch]).isCloseTo(sg, within(1e-4 * (1 + Math.abs(sg))));
                assertThat((double) dw[ch]).isCloseTo(sgh, within(1e-4 * (1 + Math.abs(sgh))));
                // dx = w rstd (g - mean(g) - x^ mean(g x^))
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < inner; j++) {
                        int p = (i * c + ch) * inner + j;
                        double h = (x[p] - m) * rs, want = w[ch] * rs * (g[p] - sg / count - h * sgh / count);
                        assertThat((double) dx[p]).as("dx at %d of case n%d c%d inner%d", p, n, c, inner).isCloseTo(want, within(1e-4 * (1 + Math.abs(want))));
                    }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void withoutAffineParametersTheOutputIsStandardisedAndOnlyDxComesBack(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(8);
        int n = 3, c = 4, inner = Simd.LANES + 5;
        float[] x = random(r, n * c * inner, 3, -1), g = random(r, n * c * inner, 1, 0);
        Storage[] f = BatchNormKernels.forward(new Storage.F32(x), 0, c * inner, n, c, inner, null, null, 1e-5);
        float[] out = ((Storage.F32) f[0]).data();
        for (int ch = 0; ch < c; ch++) {
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < inner; j++) {
                    double y = out[(i * c + ch) * inner + j];
                    s += y;
                    s2 += y * y;
                }
            assertThat(s / (n * inner)).isCloseTo(0, within(1e-5));
            assertThat(s2 / (n * inner)).isCloseTo(1, within(1e-3));
        }
        Storage[] d = BatchNormKernels.backward(new Storage.F32(g), new Storage.F32(x), 0, c * inner, f[1], f[3], null, n, c, inner);
        assertThat(d[1]).isNull();
        assertThat(d[2]).isNull();
        // The input gradient of a standardisation sums to zero over each channel.
        float[] dx = ((Storage.F32) d[0]).data();
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < inner; j++) s += dx[(i * c + ch) * inner + j];
            assertThat(s).isCloseTo(0, within(1e-4));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void samplesLyingApartGiveTheResultsOfTheirContiguousCopy(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(9);
        // x = channels 3..3+c of a [n, total, inner] tensor (a DenseNet block's features so far), read in place
        int n = 4, c = 5, total = 11, from = 3, inner = 2 * Simd.LANES + 1;
        float[] big = random(r, 1 + n * total * inner, 2, 0.3), g = random(r, n * c * inner, 1, 0), w = random(r, c, 1, 1), b = random(r, c, 1, 0);
        float[] x = new float[n * c * inner];
        for (int i = 0; i < n; i++) System.arraycopy(big, 1 + (i * total + from) * inner, x, i * c * inner, c * inner);
        int offset = 1 + from * inner, stride = total * inner;
        Storage[] apart = BatchNormKernels.forward(new Storage.F32(big), offset, stride, n, c, inner, new Storage.F32(w), new Storage.F32(b), 1e-5);
        Storage[] dense = BatchNormKernels.forward(new Storage.F32(x), 0, c * inner, n, c, inner, new Storage.F32(w), new Storage.F32(b), 1e-5);
        for (int k = 0; k < 4; k++) assertThat(((Storage.F32) apart[k]).data()).containsExactly(((Storage.F32) dense[k]).data());
        Storage[] dApart = BatchNormKernels.backward(new Storage.F32(g), new Storage.F32(big), offset, stride, apart[1], apart[3], new Storage.F32(w), n, c, inner);
        Storage[] dDense = BatchNormKernels.backward(new Storage.F32(g), new Storage.F32(x), 0, c * inner, dense[1], dense[3], new Storage.F32(w), n, c, inner);
        for (int k = 0; k < 3; k++) assertThat(((Storage.F32) dApart[k]).data()).containsExactly(((Storage.F32) dDense[k]).data());
    }
}

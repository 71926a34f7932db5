package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nabla.tensor.Generator;

class NormalizerTest {
    @Test
    void statisticsComeFromTheTrainingSplitOnly() {
        // Feature 0 = i, feature 1 = 5 (constant); rows 0..7 train, rows 8..9 test with much larger values.
        float[] x = new float[20];
        long[] y = new long[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i < 8 ? i : 100 + i;
            x[2 * i + 1] = 5;
        }
        ArrayDataset all = ArrayDataset.ofFloats("t", x, y, 2);
        Dataset train = Datasets.subset(all, new int[] {0, 1, 2, 3, 4, 5, 6, 7}), test = Datasets.subset(all, new int[] {8, 9});

        Normalizer std = Normalizer.fit(train, Normalizer.Mode.STANDARDIZE);
        assertThat(std.shift()).containsExactly(3.5, 5.0);
        assertThat(std.scale()[0]).isCloseTo(1 / Math.sqrt(5.25), within(1e-12));
        assertThat(std.scale()[1]).isEqualTo(1.0);
        float[] t = Datasets.features(std.apply(test));
        assertThat(t[0]).isCloseTo((float) ((108 - 3.5) / Math.sqrt(5.25)), within(1e-4f));
        assertThat(t[1]).isZero();
        float[] tr = Datasets.features(std.apply(train));
        double mean = 0, sq = 0;
        for (int i = 0; i < 8; i++) { mean += tr[2 * i] / 8.0; sq += tr[2 * i] * tr[2 * i] / 8.0; }
        assertThat(mean).isCloseTo(0, within(1e-6));
        assertThat(sq).isCloseTo(1, within(1e-5));

        Normalizer mm = Normalizer.fit(train, Normalizer.Mode.SCALE);
        assertThat(Datasets.features(mm.apply(train))[14]).isEqualTo(1f);
        assertThat(Datasets.features(mm.apply(test))[0]).isCloseTo(108 / 7f, within(1e-5f));
        assertThat(Datasets.features(Normalizer.fit(train, Normalizer.Mode.CENTER).apply(test))[2]).isEqualTo(105.5f);
    }

    @Test
    void perChannelStatistics() {
        // [2, 2, 2] samples: channel 0 holds values around 10, channel 1 around -3.
        Generator g = new Generator(1);
        int n = 50;
        float[] x = new float[n * 8];
        for (int i = 0; i < n; i++) for (int j = 0; j < 8; j++) x[i * 8 + j] = (float) ((j < 4 ? 10 : -3) + g.nextGaussian() * (j < 4 ? 2 : 0.5));
        ArrayDataset d = ArrayDataset.ofFloats("img", x, new long[n], 2, 2, 2);
        Normalizer norm = Normalizer.fit(d, Normalizer.Mode.STANDARDIZE, true);
        assertThat(norm.shift()).hasSize(2);
        assertThat(norm.shift()[0]).isCloseTo(10, within(0.5));
        assertThat(norm.scale()[1]).isCloseTo(2, within(0.3));
        float[] z = Datasets.features(norm.apply(d));
        double m0 = 0, m1 = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < 8; j++) if (j < 4) m0 += z[i * 8 + j]; else m1 += z[i * 8 + j];
        assertThat(m0 / (4 * n)).isCloseTo(0, within(1e-5));
        assertThat(m1 / (4 * n)).isCloseTo(0, within(1e-5));
    }

    @Test
    void ofRebuildsAFittedNormalizer() {
        ArrayDataset d = ArrayDataset.ofFloats("d", new float[] {0, 1, 2, 3, 4, 5, 6, 8}, new long[] {0, 1}, 2, 2);
        Normalizer fitted = Normalizer.fit(d, Normalizer.Mode.STANDARDIZE, true);
        Normalizer rebuilt = Normalizer.of(fitted.mode(), fitted.perChannel(), fitted.shift(), fitted.scale(), fitted.sampleShape());
        float[] a = new float[4], b = new float[4];
        fitted.apply(d).copyFeatures(1, a, 0);
        rebuilt.apply(d).copyFeatures(1, b, 0);
        org.assertj.core.api.Assertions.assertThat(b).containsExactly(a);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Normalizer.of(Normalizer.Mode.SCALE, true, new double[3], new double[3], new int[] {2, 2}))
                .hasMessage("Normalizer.of: per-channel statistics for samples of [2, 2] need 2 shifts and scales, got 3 and 3");
    }
}

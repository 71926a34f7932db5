package org.nabla.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** LeNet-FID's formula and the inception-style score. */
class FrechetDistanceTest {
    private static double[][] correlated(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            double shared = r.nextGaussian();
            for (int j = 0; j < d; j++) row[j] = (j + 1) * 0.3 * r.nextGaussian() + 0.5 * shared + j;
        }
        return x;
    }

    @Test
    void aSetIsAtDistanceZeroFromItself() {
        double[][] a = correlated(200, 5, 1);
        assertThat(FrechetDistance.of(a, a)).isCloseTo(0, within(1e-8));
    }

    /**
     * b = k (a - μa) + μb has Σb = k² Σa, which commutes with Σa: (ΣaΣb)^½ = k Σa, so the distance is
     * ‖μa - μb‖² + (1 - k)² tr(Σa).
     */
    @Test
    void aScaledAndShiftedSetHasTheClosedFormDistance() {
        double[][] a = correlated(300, 6, 2);
        double[] muA = FrechetDistance.mean(a), shift = {1, -2, 0.5, 0, 3, -1};
        double k = 1.7;
        double[][] b = new double[a.length][6];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < 6; j++) b[i][j] = k * (a[i][j] - muA[j]) + muA[j] + shift[j];
        double traceA = 0;
        double[][] covA = FrechetDistance.covariance(a, muA);
        for (int j = 0; j < 6; j++) traceA += covA[j][j];
        double want = (1 + 4 + 0.25 + 0 + 9 + 1) + (1 - k) * (1 - k) * traceA;
        assertThat(FrechetDistance.of(a, b)).isCloseTo(want, within(1e-8 * want));
    }

    @Test
    void theEigendecompositionRebuildsTheMatrix() {
        double[][] a = correlated(50, 4, 3);
        double[][] cov = FrechetDistance.covariance(a, FrechetDistance.mean(a));
        double[][] root = SymmetricEigen.of(cov).apply(Math::sqrt);
        double[][] square = FrechetDistance.multiply(root, root);
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) assertThat(square[i][j]).isCloseTo(cov[i][j], within(1e-10));
    }

    @Test
    void theInceptionScoreIsTheClassCountForConfidentEvenSamplesAndOneForACollapsedSet() {
        double[][] even = new double[40][4], collapsed = new double[40][4];
        for (int i = 0; i < 40; i++) {
            even[i][i % 4] = 1;
            collapsed[i][2] = 1;
        }
        assertThat(InceptionScore.of(even)).isCloseTo(4, within(1e-12));
        assertThat(InceptionScore.of(collapsed)).isCloseTo(1, within(1e-12));
        assertThat(InceptionScore.classesCovered(even, 0.01)).isEqualTo(4);
        assertThat(InceptionScore.classesCovered(collapsed, 0.01)).isEqualTo(1);
    }
}

package org.nabla.explain.tsne;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/** The first two principal-component scores of n x d data, scaled so the first has standard deviation 1e-4 (t-SNE's start). */
final class Pca {
    private static final int MAX_ITERATIONS = 300;

    private Pca() {}

    static double[] scores(double[] x, int n, int d, ForkJoinPool pool) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) mean[k] += x[i * d + k];
        for (int k = 0; k < d; k++) mean[k] /= n;
        // subspace iteration on the covariance, applied as Xcᵀ (Xc V) without forming it
        double[][] v = new double[2][d];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(0);
        for (double[] row : v) for (int k = 0; k < d; k++) row[k] = rnd.nextDouble() - 0.5;
        orthonormalise(v);
        double[] s = new double[2 * n];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            project(x, n, d, mean, v, s, pool);
            double[][] next = new double[2][d];
            for (int i = 0; i < n; i++)
                for (int k = 0; k < d; k++) {
                    double c = x[i * d + k] - mean[k];
                    next[0][k] += c * s[2 * i];
                    next[1][k] += c * s[2 * i + 1];
                }
            orthonormalise(next);
            double change = 0;
            for (int r = 0; r < 2; r++) {
                double dot = 0;
                for (int k = 0; k < d; k++) dot += next[r][k] * v[r][k];
                change = Math.max(change, 1 - Math.abs(dot));
            }
            v = next;
            if (change < 1e-10) break;
        }
        project(x, n, d, mean, v, s, pool);
        double m = 0, sq = 0;
        for (int i = 0; i < n; i++) m += s[2 * i];
        m /= n;
        for (int i = 0; i < n; i++) sq += (s[2 * i] - m) * (s[2 * i] - m);
        double std = Math.sqrt(sq / n);
        double f = std > 0 ? 1e-4 / std : 1;
        for (int i = 0; i < s.length; i++) s[i] *= f;
        return s;
    }

    private static void project(double[] x, int n, int d, double[] mean, double[][] v, double[] s, ForkJoinPool pool) {
        pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> {
            double a = 0, b = 0;
            for (int k = 0; k < d; k++) {
                double c = x[i * d + k] - mean[k];
                a += c * v[0][k];
                b += c * v[1][k];
            }
            s[2 * i] = a;
            s[2 * i + 1] = b;
        })).join();
    }

    /** Gram–Schmidt on the two rows (a zero row stays zero). */
    private static void orthonormalise(double[][] v) {
        normalise(v[0]);
        double dot = 0;
        for (int k = 0; k < v[0].length; k++) dot += v[0][k] * v[1][k];
        for (int k = 0; k < v[0].length; k++) v[1][k] -= dot * v[0][k];
        normalise(v[1]);
    }

    private static void normalise(double[] r) {
        double norm = 0;
        for (double e : r) norm += e * e;
        norm = Math.sqrt(norm);
        if (norm > 0) for (int k = 0; k < r.length; k++) r[k] /= norm;
    }
}

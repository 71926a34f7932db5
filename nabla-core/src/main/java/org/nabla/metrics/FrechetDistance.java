package org.nabla.metrics;

/**
 * The Fréchet distance between two Gaussians fitted to feature sets (rows = samples):
 * ‖μ₁ - μ₂‖² + tr(Σ₁ + Σ₂ - 2 (Σ₁Σ₂)^½), the FID formula. tr((Σ₁Σ₂)^½) is the sum of the square roots of the
 * eigenvalues of Σ₁^½ Σ₂ Σ₁^½ (symmetric, positive semi-definite), both from Jacobi eigendecompositions in float64.
 * With a LeNet-5's penultimate features instead of Inception-v3's it is "LeNet-FID": comparable only between runs
 * that use the same feature extractor.
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    /** The distance between the Gaussians of {@code a} and {@code b} (each at least 2 rows of the same width). */
    public static double of(double[][] a, double[][] b) {
        if (a.length < 2 || b.length < 2) throw new IllegalArgumentException("FrechetDistance: each set needs at least 2 samples, got " + a.length + " and " + b.length);
        if (a[0].length != b[0].length) throw new IllegalArgumentException("FrechetDistance: features of width " + a[0].length + " and " + b[0].length);
        double[] muA = mean(a), muB = mean(b);
        double[][] covA = covariance(a, muA), covB = covariance(b, muB);
        double d2 = 0;
        for (int i = 0; i < muA.length; i++) d2 += (muA[i] - muB[i]) * (muA[i] - muB[i]);
        double[][] rootA = SymmetricEigen.of(covA).apply(Math::sqrt);
        double[][] m = multiply(multiply(rootA, covB), rootA);
        symmetrize(m);
        double traceRoot = 0;
        for (double v : SymmetricEigen.of(m).values()) traceRoot += Math.sqrt(Math.max(v, 0));
        return d2 + trace(covA) + trace(covB) - 2 * traceRoot;
    }

    static double[] mean(double[][] x) {
        double[] mu = new double[x[0].length];
        for (double[] row : x) for (int j = 0; j < mu.length; j++) mu[j] += row[j];
        for (int j = 0; j < mu.length; j++) mu[j] /= x.length;
        return mu;
    }

    /** The unbiased covariance (divided by n - 1, as numpy's cov). */
    static double[][] covariance(double[][] x, double[] mu) {
        int d = mu.length;
        double[][] c = new double[d][d];
        double[] centred = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) centred[j] = row[j] - mu[j];
            for (int i = 0; i < d; i++) for (int j = i; j < d; j++) c[i][j] += centred[i] * centred[j];
        }
        for (int i = 0; i < d; i++) for (int j = i; j < d; j++) c[j][i] = c[i][j] /= x.length - 1;
        return c;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) for (int p = 0; p < k; p++) {
            double v = a[i][p];
            if (v != 0) for (int j = 0; j < m; j++) c[i][j] += v * b[p][j];
        }
        return c;
    }

    private static void symmetrize(double[][] m) {
        for (int i = 0; i < m.length; i++) for (int j = i + 1; j < m.length; j++) m[i][j] = m[j][i] = (m[i][j] + m[j][i]) / 2;
    }

    private static double trace(double[][] m) {
        double t = 0;
        for (int i = 0; i < m.length; i++) t += m[i][i];
        return t;
    }
}

package org.nabla.metrics;

import java.util.function.DoubleUnaryOperator;

/** The eigendecomposition A = V diag(λ) Vᵀ of a real symmetric matrix, by cyclic Jacobi rotations in float64. */
record SymmetricEigen(double[] values, double[][] vectors) {
    static SymmetricEigen of(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = matrix[i].clone();
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) v[i][i] = 1;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, total = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
                total += a[i][j] * a[i][j];
                if (i != j) off += a[i][j] * a[i][j];
            }
            if (off <= 1e-30 * Math.max(total, Double.MIN_NORMAL)) break;
            for (int p = 0; p < n - 1; p++) for (int q = p + 1; q < n; q++) {
                if (a[p][q] == 0) continue;
                double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                if (theta == 0) t = 1;
                double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                for (int k = 0; k < n; k++) { // columns p, q
                    double akp = a[k][p], akq = a[k][q];
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for (int k = 0; k < n; k++) { // rows p, q
                    double apk = a[p][k], aqk = a[q][k];
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
                for (int k = 0; k < n; k++) {
                    double vkp = v[k][p], vkq = v[k][q];
                    v[k][p] = c * vkp - s * vkq;
                    v[k][q] = s * vkp + c * vkq;
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i][i];
        return new SymmetricEigen(values, v);
    }

    /** V diag(f(λ)) Vᵀ, e.g. the square root of a positive semi-definite matrix (negative rounding clamped to 0). */
    double[][] apply(DoubleUnaryOperator f) {
        int n = values.length;
        double[][] out = new double[n][n];
        for (int k = 0; k < n; k++) {
            double fk = f.applyAsDouble(Math.max(values[k], 0));
            for (int i = 0; i < n; i++) {
                double vik = vectors[i][k] * fk;
                for (int j = 0; j < n; j++) out[i][j] += vik * vectors[j][k];
            }
        }
        return out;
    }
}

package org.nabla.explain.tsne;

/**
 * How well an embedding keeps local structure (Venna and Kaski 2001), as scikit-learn's
 * {@code sklearn.manifold.trustworthiness}: 1 - 2 / (n k (2n - 3k - 1)) Σ_i Σ_{j ∈ U_i} (r(i, j) - k), where U_i
 * are the k nearest neighbours of i in the embedding that are not among its k nearest in the input and r(i, j) is
 * j's rank among i's input neighbours (Euclidean). 1 is perfect.
 */
public final class Trustworthiness {
    private Trustworthiness() {}

    /** x: n x d inputs, y: n x e embedding, both row-major; k neighbours (k < n / 2). */
    public static double of(double[] x, int d, double[] y, int e, int n, int k) {
        if (k < 1 || k >= n / 2.0) throw new IllegalArgumentException("trustworthiness: k must be in [1, n/2), got " + k + " for n " + n);
        if (x.length != (long) n * d || y.length != (long) n * e)
            throw new IllegalArgumentException("trustworthiness: expected " + n + " x " + d + " inputs and " + n + " x " + e + " embedded points");
        double t = java.util.stream.IntStream.range(0, n).parallel().mapToDouble(i -> {
            double[] dx = new double[n], dy = new double[n];
            for (int j = 0; j < n; j++) {
                dx[j] = j == i ? Double.POSITIVE_INFINITY : TSne.squaredDistance(x, i, j, d);
                dy[j] = j == i ? Double.POSITIVE_INFINITY : TSne.squaredDistance(y, i, j, e);
            }
            double s = 0;
            for (int j : TSne.nearest(dy, k)) {
                int rank = 1; // j's rank among i's input neighbours: those strictly nearer (ties by index), plus one
                for (int m = 0; m < n; m++) if (dx[m] < dx[j] || dx[m] == dx[j] && m < j) rank++;
                s += Math.max(0, rank - k);
            }
            return s;
        }).sum();
        return 1 - t * (2.0 / (n * (double) k * (2.0 * n - 3.0 * k - 1.0)));
    }
}

package org.nabla.explain.tsne;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * t-SNE of n points of d features into the plane, following scikit-learn's {@code TSNE} (1.2) step for step:
 * Gaussian affinities calibrated to a perplexity by binary search (on all pairs for the exact method, on the
 * ⌊3 · perplexity + 1⌋ nearest neighbours for Barnes–Hut), symmetrised and normalised; a PCA start scaled to a
 * standard deviation of 1e-4; gradient descent with momentum 0.5 then 0.8, per-coordinate gains (+0.2 / ×0.8, at
 * least 0.01) and early exaggeration for the first 250 iterations; the learning rate "auto" = max(n / exaggeration
 * / 4, 50). The exact gradient costs n² per iteration; Barnes–Hut's repulsion costs n log n through a
 * {@link QuadTree} with opening angle θ.
 *
 * @param perplexity      the effective number of neighbours (5 to 50 usual)
 * @param iterations      gradient steps in all (at least 250)
 * @param exaggeration    the factor on the affinities during the first 250 steps
 * @param theta           Barnes–Hut's opening angle (0.5)
 * @param method          EXACT, BARNES_HUT or AUTO (exact below {@link #EXACT_BELOW} points)
 * @param threads         worker threads
 */
public record TSne(double perplexity, int iterations, double exaggeration, double theta, Method method, int threads) {
    public enum Method { EXACT, BARNES_HUT, AUTO }

    /** AUTO runs the exact method below this many points and Barnes–Hut from there. */
    public static final int EXACT_BELOW = 2000;
    private static final int EXAGGERATED_STEPS = 250;
    private static final double MACHINE_EPSILON = Math.ulp(1.0);

    public TSne {
        if (!(perplexity > 0) || iterations < EXAGGERATED_STEPS || !(exaggeration >= 1) || !(theta >= 0) || method == null || threads < 1)
            throw new IllegalArgumentException("TSne: perplexity > 0, iterations >= " + EXAGGERATED_STEPS + ", exaggeration >= 1, theta >= 0 and threads >= 1, got "
                    + perplexity + ", " + iterations + ", " + exaggeration + ", " + theta + ", " + threads);
    }

    /** scikit-learn's defaults: perplexity 30, 1000 iterations, exaggeration 12, θ 0.5, the method by size. */
    public static TSne defaults(int threads) { return new TSne(30, 1000, 12, 0.5, Method.AUTO, threads); }

    public TSne withMethod(Method m) { return new TSne(perplexity, iterations, exaggeration, theta, m, threads); }

    /** The embedding [x0, y0, x1, y1, ...] of the n rows of x (n x d, row-major). */
    public double[] embed(double[] x, int n, int d) {
        if (n < 2 || d < 1 || x.length != (long) n * d)
            throw new IllegalArgumentException("TSne: needs at least 2 points of at least 1 feature in an n x d array, got n " + n + ", d " + d + ", " + x.length + " values");
        if (perplexity >= n) throw new IllegalArgumentException("TSne: the perplexity (" + perplexity + ") must be less than the number of points (" + n + ")");
        boolean exact = method == Method.EXACT || method == Method.AUTO && n < EXACT_BELOW;
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            Affinities p = exact ? denseAffinities(x, n, d, pool) : sparseAffinities(x, n, d, pool);
            double[] y = Pca.scores(x, n, d, pool);
            optimise(p, y, n, exact, pool);
            return y;
        } finally {
            pool.shutdown();
        }
    }

    /** Joint probabilities: dense (cols null, an n x n matrix in values) or sparse rows (CSR). */
    private record Affinities(int[] rowStart, int[] cols, double[] values) {}

    private static void parallel(ForkJoinPool pool, int n, IntConsumer body) {
        pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
    }

    private Affinities denseAffinities(double[] x, int n, int d, ForkJoinPool pool) {
        double[] p = new double[n * n];
        parallel(pool, n, i -> {
            double[] dist = new double[n];
            for (int j = 0; j < n; j++) dist[j] = j == i ? 0 : squaredDistance(x, i, j, d);
            double[] row = conditional(dist, i, null);
            System.arraycopy(row, 0, p, i * n, n);
        });
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double s = p[i * n + j] + p[j * n + i];
                p[i * n + j] = s;
                p[j * n + i] = s;
                sum += 2 * s;
            }
        for (int k = 0; k < p.length; k++) p[k] = Math.max(p[k] / sum, MACHINE_EPSILON);
        for (int i = 0; i < n; i++) p[i * n + i] = 0;
        return new Affinities(null, null, p);
    }

    private Affinities sparseAffinities(double[] x, int n, int d, ForkJoinPool pool) {
        int k = Math.min(n - 1, (int) (3 * perplexity + 1));
        int[][] nbr = new int[n][];
        double[][] cond = new double[n][];
        parallel(pool, n, i -> {
            double[] dist = new double[n];
            for (int j = 0; j < n; j++) dist[j] = j == i ? Double.POSITIVE_INFINITY : squaredDistance(x, i, j, d);
            int[] nearest = nearest(dist, k);
            double[] dk = new double[k];
            for (int a = 0; a < k; a++) dk[a] = dist[nearest[a]];
            nbr[i] = nearest;
            cond[i] = conditional(dk, -1, null);
        });
        // P = (C + Cᵀ) / sum, kept as rows of (column, value) over the union of both neighbour lists
        java.util.List<java.util.Map<Integer, Double>> rows = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) rows.add(new java.util.HashMap<>(2 * k));
        for (int i = 0; i < n; i++)
            for (int a = 0; a < k; a++) {
                int j = nbr[i][a];
                double v = cond[i][a];
                rows.get(i).merge(j, v, Double::sum);
                rows.get(j).merge(i, v, Double::sum);
            }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) start[i + 1] = start[i] + rows.get(i).size();
        int[] cols = new int[start[n]];
        double[] vals = new double[start[n]];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int at = start[i];
            for (var e : new java.util.TreeMap<>(rows.get(i)).entrySet()) {
                cols[at] = e.getKey();
                vals[at++] = e.getValue();
                sum += e.getValue();
            }
        }
        for (int a = 0; a < vals.length; a++) vals[a] /= sum;
        return new Affinities(start, cols, vals);
    }

    /**
     * Row i of the conditional probabilities exp(-β d_j) / Σ (d: squared distances; {@code self} excluded, -1 for
     * none) with β found by binary search so that the row's entropy is log(perplexity), as scikit-learn does.
     */
    private double[] conditional(double[] dist, int self, double[] out) {
        double[] p = out != null ? out : new double[dist.length];
        double beta = 1, lo = Double.NEGATIVE_INFINITY, hi = Double.POSITIVE_INFINITY, target = Math.log(perplexity);
        for (int step = 0; step < 100; step++) {
            double sum = 0;
            for (int j = 0; j < dist.length; j++) {
                p[j] = j == self ? 0 : Math.exp(-dist[j] * beta);
                sum += p[j];
            }
            if (sum == 0) sum = 1e-8;
            double weighted = 0;
            for (int j = 0; j < dist.length; j++) {
                p[j] /= sum;
                weighted += dist[j] * p[j];
            }
            double entropy = Math.log(sum) + beta * weighted;
            double diff = entropy - target;
            if (Math.abs(diff) <= 1e-5) break;
            if (diff > 0) {
                lo = beta;
                beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
            }
        }
        return p;
    }

    private void optimise(Affinities p, double[] y, int n, boolean exact, ForkJoinPool pool) {
        double rate = Math.max(n / exaggeration / 4, 50);
        double[] update = new double[2 * n], gains = new double[2 * n], grad = new double[2 * n];
        Arrays.fill(gains, 1);
        for (int it = 0; it < iterations; it++) {
            boolean early = it < EXAGGERATED_STEPS;
            double factor = early ? exaggeration : 1, momentum = early ? 0.5 : 0.8;
            if (exact) exactGradient(p.values(), y, n, factor, grad, pool);
            else barnesHutGradient(p, y, n, factor, grad, pool);
            for (int k = 0; k < 2 * n; k++) {
                boolean same = update[k] * grad[k] < 0;
                gains[k] = Math.max(same ? gains[k] + 0.2 : gains[k] * 0.8, 0.01);
                update[k] = momentum * update[k] - rate * gains[k] * grad[k];
                y[k] += update[k];
            }
        }
    }

    /** 4 Σ_j (f p_ij - q_ij) w_ij (y_i - y_j), w_ij = 1 / (1 + |y_i - y_j|²), q_ij = w_ij / Σ w. */
    private static void exactGradient(double[] p, double[] y, int n, double factor, double[] grad, ForkJoinPool pool) {
        double[] rowSums = new double[n];
        parallel(pool, n, i -> {
            double s = 0, yx = y[2 * i], yy = y[2 * i + 1];
            for (int j = 0; j < n; j++) {
                if (j == i) continue;
                double dx = yx - y[2 * j], dy = yy - y[2 * j + 1];
                s += 1 / (1 + dx * dx + dy * dy);
            }
            rowSums[i] = s;
        });
        double z = 0;
        for (double s : rowSums) z += s;
        double invZ = 1 / z;
        parallel(pool, n, i -> {
            double gx = 0, gy = 0, yx = y[2 * i], yy = y[2 * i + 1];
            for (int j = 0; j < n; j++) {
                if (j == i) continue;
                double dx = yx - y[2 * j], dy = yy - y[2 * j + 1];
                double w = 1 / (1 + dx * dx + dy * dy);
                double m = (factor * p[i * n + j] - Math.max(w * invZ, MACHINE_EPSILON)) * w;
                gx += m * dx;
                gy += m * dy;
            }
            grad[2 * i] = 4 * gx;
            grad[2 * i + 1] = 4 * gy;
        });
    }

    /** The attraction over the sparse P exactly, the repulsion through the quadtree; Z summed over all points. */
    private void barnesHutGradient(Affinities p, double[] y, int n, double factor, double[] grad, ForkJoinPool pool) {
        QuadTree tree = new QuadTree(y, n);
        double[] repX = new double[n], repY = new double[n], zs = new double[n];
        parallel(pool, n, i -> {
            double[] f = new double[2];
            zs[i] = tree.repulsion(i, theta, f, tree.newStack());
            repX[i] = f[0];
            repY[i] = f[1];
        });
        double z = 0;
        for (double s : zs) z += s;
        double invZ = 1 / z;
        int[] start = p.rowStart(), cols = p.cols();
        double[] vals = p.values();
        parallel(pool, n, i -> {
            double ax = 0, ay = 0, yx = y[2 * i], yy = y[2 * i + 1];
            for (int a = start[i]; a < start[i + 1]; a++) {
                int j = cols[a];
                double dx = yx - y[2 * j], dy = yy - y[2 * j + 1];
                double m = factor * vals[a] / (1 + dx * dx + dy * dy);
                ax += m * dx;
                ay += m * dy;
            }
            grad[2 * i] = 4 * (ax - repX[i] * invZ);
            grad[2 * i + 1] = 4 * (ay - repY[i] * invZ);
        });
    }

    static double squaredDistance(double[] x, int i, int j, int d) {
        double s = 0;
        int a = i * d, b = j * d;
        for (int k = 0; k < d; k++) {
            double t = x[a + k] - x[b + k];
            s += t * t;
        }
        return s;
    }

    /** The indices of the k smallest values of dist, nearest first (ties by index). */
    static int[] nearest(double[] dist, int k) {
        int[] best = new int[k];
        double[] bestDist = new double[k];
        int size = 0;
        for (int j = 0; j < dist.length; j++) {
            double v = dist[j];
            if (size == k && !(v < bestDist[k - 1])) continue;
            int at = size < k ? size++ : k - 1; // insertion into the sorted list, dropping the farthest when full
            while (at > 0 && bestDist[at - 1] > v) {
                bestDist[at] = bestDist[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            bestDist[at] = v;
            best[at] = j;
        }
        return best;
    }
}

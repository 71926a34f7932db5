package org.nabla.tensor;

import org.nabla.autograd.GradMode;

/**
 * Random draws from a {@link Generator}: multinomial and bernoulli. They are not differentiable; the same generator
 * state gives the same draws.
 */
final class Sampling {
    private Sampling() {}

    /**
     * numSamples category indices (int64) per row of non-negative weights (1-d, or 2-d with one distribution per
     * row; weights need not sum to 1). With replacement each draw is independent; without, the draws are distinct
     * and follow successive sampling (torch's algorithm: the top numSamples of log w - log E, E ~ Exp(1)).
     */
    static Tensor multinomial(Tensor probs, int numSamples, boolean replacement, Generator gen) {
        if (!probs.dtype().isFloating())
            throw new IllegalArgumentException("multinomial: probabilities must be float32 or float64, got " + probs.dtype());
        if (probs.dim() != 1 && probs.dim() != 2)
            throw new IllegalArgumentException("multinomial: probabilities must be 1-d or 2-d, got shape " + Shape.str(probs.shape()));
        if (numSamples <= 0) throw new IllegalArgumentException("multinomial: the number of samples must be positive, got " + numSamples);
        int n = probs.size(-1), rows = probs.dim() == 1 ? 1 : probs.size(0);
        if (n == 0) throw new IllegalArgumentException("multinomial: no categories to sample from (shape " + Shape.str(probs.shape()) + ")");
        if (!replacement && numSamples > n)
            throw new IllegalArgumentException("multinomial: cannot draw " + numSamples + " samples without replacement from " + n + " categories");
        double[] w = probs.toDoubleArray();
        for (int r = 0; r < rows; r++) checkRow(w, r * n, n, r, replacement ? 1 : numSamples);
        int[] outShape = probs.dim() == 1 ? new int[] {numSamples} : new int[] {rows, numSamples};
        if (replacement) return Tensor.of(withReplacement(w, rows, n, numSamples, gen), outShape);
        double[] keys = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            // log of an Exp(1) draw: -log(u) with u in (0, 1]; a zero weight gets -inf and is never preferred.
            double logE = Math.log(-Math.log(1 - gen.nextDouble()));
            keys[i] = w[i] == 0 ? Double.NEGATIVE_INFINITY : Math.log(w[i]) - logE;
        }
        return Sorting.topk(Tensor.of(keys, probs.shape()), numSamples, -1, true).indices();
    }

    private static void checkRow(double[] w, int from, int n, int row, int needed) {
        double sum = 0;
        int positive = 0;
        for (int i = from; i < from + n; i++) {
            if (!(w[i] >= 0)) throw new IllegalArgumentException("multinomial: row " + row + " has a negative or NaN probability (" + w[i] + ")");
            if (w[i] == Double.POSITIVE_INFINITY) throw new IllegalArgumentException("multinomial: row " + row + " has an infinite probability");
            sum += w[i];
            if (w[i] > 0) positive++;
        }
        if (sum <= 0) throw new IllegalArgumentException("multinomial: row " + row + " sums to 0, which is no distribution");
        if (positive < needed)
            throw new IllegalArgumentException("multinomial: row " + row + " has " + positive + " categories of non-zero probability, too few for "
                    + needed + " samples without replacement");
    }

    /** Inverse-CDF draws: the first category whose running sum exceeds u times the total. */
    private static long[] withReplacement(double[] w, int rows, int n, int samples, Generator gen) {
        long[] out = new long[rows * samples];
        double[] cdf = new double[n];
        for (int r = 0; r < rows; r++) {
            double acc = 0;
            int last = 0;
            for (int i = 0; i < n; i++) {
                acc += w[r * n + i];
                cdf[i] = acc;
                if (w[r * n + i] > 0) last = i;
            }
            for (int s = 0; s < samples; s++) {
                double u = gen.nextDouble() * acc;
                int lo = 0, hi = last; // the answer is in [lo, hi]: u < cdf[last] up to rounding, which picks last
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (cdf[mid] > u) hi = mid;
                    else lo = mid + 1;
                }
                out[r * samples + s] = lo;
            }
        }
        return out;
    }

    /** 1 with probability p (each element of probs, in [0, 1]), else 0, in probs' dtype. */
    static Tensor bernoulli(Tensor probs, Generator gen) {
        if (!probs.dtype().isFloating())
            throw new IllegalArgumentException("bernoulli: probabilities must be float32 or float64, got " + probs.dtype());
        try (var s = GradMode.noGrad()) {
            if (probs.numel() > 0 && !(probs.min().item() >= 0 && probs.max().item() <= 1))
                throw new IllegalArgumentException("bernoulli: probabilities must be in [0, 1], got values from "
                        + probs.min().item() + " to " + probs.max().item());
            return uniform(gen, probs.shape()).lt(probs).to(probs.dtype());
        }
    }

    /** 1 with probability p, else 0, in the shape and dtype of x (whose values are not used). */
    static Tensor bernoulli(Tensor x, double p, Generator gen) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        try (var s = GradMode.noGrad()) {
            return uniform(gen, x.shape()).lt(p).to(x.dtype());
        }
    }

    /** Uniform float64 values in [0, 1), 53 random bits each, row-major. */
    private static Tensor uniform(Generator gen, int[] shape) {
        double[] u = new double[Shape.numel(shape)];
        for (int i = 0; i < u.length; i++) u[i] = gen.nextDouble();
        return Tensor.of(u, shape);
    }
}

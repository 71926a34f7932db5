package org.nabla.data;

import org.nabla.tensor.Generator;

/** Chooses the sample indices of one epoch, in order. */
@FunctionalInterface
public interface Sampler {
    int[] epochIndices(int datasetSize);

    /** 0, 1, ..., n-1. */
    static Sampler sequential() {
        return n -> {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = i;
            return idx;
        };
    }

    /** A fresh uniform permutation each epoch drawn from {@code gen} (Fisher-Yates). */
    static Sampler shuffled(Generator gen) { return n -> permutation(n, gen); }

    /**
     * {@code numSamples} indices drawn with replacement with probability proportional to {@code weights}
     * (like torch.utils.data.WeightedRandomSampler with replacement=True).
     */
    static Sampler weighted(double[] weights, int numSamples, Generator gen) {
        double[] cdf = new double[weights.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i]))
                throw new IllegalArgumentException("weighted sampler: weight " + i + " is " + weights[i] + ", must be finite and non-negative");
            total += weights[i];
            cdf[i] = total;
        }
        if (total <= 0) throw new IllegalArgumentException("weighted sampler: weights sum to " + total + ", need a positive sum");
        final double sum = total;
        return n -> {
            if (n != weights.length) throw new IllegalArgumentException("weighted sampler: " + weights.length + " weights for a dataset of " + n);
            int[] idx = new int[numSamples];
            for (int k = 0; k < numSamples; k++) {
                double u = gen.nextDouble() * sum;
                int lo = 0, hi = cdf.length - 1;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (cdf[mid] > u) hi = mid; else lo = mid + 1;
                }
                idx[k] = lo;
            }
            return idx;
        };
    }

    /** A uniform random permutation of 0..n-1. */
    static int[] permutation(int n, Generator gen) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

package org.nabla.data;

import org.nabla.tensor.Generator;

/** Class-imbalance helpers: per-sample weights for weighted sampling, and index lists that over- or under-sample. */
public final class Balance {
    private Balance() {}

    /**
     * Weight 1 / (count of the sample's class) for each sample, so a {@link Sampler#weighted} sampler
     * draws every class equally often in expectation.
     */
    public static double[] inverseFrequencyWeights(long[] labels) {
        int[] counts = Datasets.classCounts(labels);
        double[] w = new double[labels.length];
        for (int i = 0; i < w.length; i++) w[i] = 1.0 / counts[(int) labels[i]];
        return w;
    }

    /**
     * Every sample once, plus random repeats (with replacement, seeded) of the smaller classes' samples
     * until each class present has as many as the largest. Returned sorted by class then draw.
     */
    public static int[] oversample(long[] labels, Generator gen) {
        int[][] byClass = Splits.byClass(labels);
        int max = 0, present = 0;
        for (int[] m : byClass) {
            max = Math.max(max, m.length);
            if (m.length > 0) present++;
        }
        int[] out = new int[max * present];
        int at = 0;
        for (int[] m : byClass) {
            if (m.length == 0) continue;
            System.arraycopy(m, 0, out, at, m.length);
            at += m.length;
            for (int j = m.length; j < max; j++) out[at++] = m[(int) gen.nextLong(m.length)];
        }
        return out;
    }

    /** A random subset (without replacement, seeded) of each class of the size of the smallest class present. */
    public static int[] undersample(long[] labels, Generator gen) {
        int[][] byClass = Splits.byClass(labels);
        int min = Integer.MAX_VALUE, present = 0;
        for (int[] m : byClass) {
            if (m.length == 0) continue;
            min = Math.min(min, m.length);
            present++;
        }
        int[] out = new int[min * present];
        int at = 0;
        for (int[] m : byClass) {
            if (m.length == 0) continue;
            int[] p = Sampler.permutation(m.length, gen);
            int[] picked = new int[min];
            for (int j = 0; j < min; j++) picked[j] = m[p[j]];
            java.util.Arrays.sort(picked);
            System.arraycopy(picked, 0, out, at, min);
            at += min;
        }
        return out;
    }
}

package org.nabla.data;

import java.util.Arrays;
import org.nabla.tensor.Generator;

/**
 * Seeded index splits: by fractions (e.g. train/validation/test), stratified by class, and k-fold. Every
 * function returns index arrays that together partition 0..n-1 exactly; part sizes follow the fractions
 * with the rounding remainder given to the first parts (so sizes differ from n * fraction by less than 1).
 */
public final class Splits {
    private Splits() {}

    /** One fold: the indices to train on and the held-out indices. */
    public record Fold(int[] train, int[] test) {}

    /** Shuffles 0..n-1 with {@code gen} and cuts it into parts of the given fractions (which must sum to 1). */
    public static int[][] random(int n, double[] fractions, Generator gen) {
        int[] sizes = sizes(n, fractions);
        int[] perm = Sampler.permutation(n, gen);
        int[][] parts = new int[sizes.length][];
        for (int p = 0, at = 0; p < sizes.length; at += sizes[p], p++) parts[p] = sortedCopy(perm, at, at + sizes[p]);
        return parts;
    }

    /** Like {@link #random} but each class is split by the fractions on its own, so every part keeps the class ratios. */
    public static int[][] stratified(long[] labels, double[] fractions, Generator gen) {
        sizes(labels.length, fractions);
        int[][] byClass = byClass(labels);
        int k = fractions.length;
        int[][] parts = new int[k][];
        int[] fill = new int[k];
        int[] total = new int[k];
        int[][] perClassSizes = new int[byClass.length][];
        for (int c = 0; c < byClass.length; c++) {
            perClassSizes[c] = sizes(byClass[c].length, fractions);
            for (int p = 0; p < k; p++) total[p] += perClassSizes[c][p];
        }
        for (int p = 0; p < k; p++) parts[p] = new int[total[p]];
        for (int c = 0; c < byClass.length; c++) {
            int[] members = shuffle(byClass[c], gen);
            for (int p = 0, at = 0; p < k; at += perClassSizes[c][p], p++) {
                System.arraycopy(members, at, parts[p], fill[p], perClassSizes[c][p]);
                fill[p] += perClassSizes[c][p];
            }
        }
        for (int[] part : parts) Arrays.sort(part);
        return parts;
    }

    /** k folds of a shuffled 0..n-1: fold i holds out the i-th of k near-equal parts. */
    public static Fold[] kFold(int n, int k, Generator gen) {
        checkK(n, k);
        int[] perm = Sampler.permutation(n, gen);
        int[][] parts = new int[k][];
        for (int f = 0, at = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            parts[f] = sortedCopy(perm, at, at + size);
            at += size;
        }
        return folds(parts, n);
    }

    /** k folds where each class is dealt round-robin over the folds, so every fold keeps the class ratios. */
    public static Fold[] stratifiedKFold(long[] labels, int k, Generator gen) {
        checkK(labels.length, k);
        int[][] byClass = byClass(labels);
        int[] sizes = new int[k];
        int[] assign = new int[labels.length];
        int offset = 0;
        for (int[] members : byClass) {
            int[] m = shuffle(members, gen);
            // Continue the round-robin across classes so fold sizes stay within one of each other.
            for (int j = 0; j < m.length; j++) {
                int f = (offset + j) % k;
                assign[m[j]] = f;
                sizes[f]++;
            }
            offset = (offset + m.length) % k;
        }
        int[][] parts = new int[k][];
        for (int f = 0; f < k; f++) parts[f] = new int[sizes[f]];
        int[] fill = new int[k];
        for (int i = 0; i < labels.length; i++) parts[assign[i]][fill[assign[i]]++] = i;
        return folds(parts, labels.length);
    }

    private static Fold[] folds(int[][] parts, int n) {
        Fold[] folds = new Fold[parts.length];
        for (int f = 0; f < parts.length; f++) {
            int[] train = new int[n - parts[f].length];
            int t = 0;
            for (int g = 0; g < parts.length; g++) if (g != f) for (int i : parts[g]) train[t++] = i;
            Arrays.sort(train);
            folds[f] = new Fold(train, parts[f]);
        }
        return folds;
    }

    private static void checkK(int n, int k) {
        if (k < 2 || k > n) throw new IllegalArgumentException("k-fold: k must be in 2.." + n + " for " + n + " samples, got " + k);
    }

    /** Part sizes for n items: floor(n * fraction), the remainder handed out one by one from the first part. */
    static int[] sizes(int n, double[] fractions) {
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException("split: fractions must be in [0, 1], got " + Arrays.toString(fractions));
            sum += f;
        }
        if (fractions.length == 0 || Math.abs(sum - 1) > 1e-6)
            throw new IllegalArgumentException("split: fractions must sum to 1, got " + Arrays.toString(fractions) + " (sum " + sum + ")");
        int[] sizes = new int[fractions.length];
        int used = 0;
        for (int p = 0; p < sizes.length; p++) used += sizes[p] = (int) Math.floor(n * fractions[p]);
        for (int p = 0; used < n; p = (p + 1) % sizes.length) {
            if (fractions[p] > 0) {
                sizes[p]++;
                used++;
            }
        }
        return sizes;
    }

    /** Indices of each class, ascending. */
    static int[][] byClass(long[] labels) {
        int[] counts = Datasets.classCounts(labels);
        int[][] out = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) out[c] = new int[counts[c]];
        int[] fill = new int[counts.length];
        for (int i = 0; i < labels.length; i++) out[(int) labels[i]][fill[(int) labels[i]]++] = i;
        return out;
    }

    private static int[] shuffle(int[] a, Generator gen) {
        int[] p = Sampler.permutation(a.length, gen), out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[p[i]];
        return out;
    }

    private static int[] sortedCopy(int[] a, int from, int to) {
        int[] c = Arrays.copyOfRange(a, from, to);
        Arrays.sort(c);
        return c;
    }
}

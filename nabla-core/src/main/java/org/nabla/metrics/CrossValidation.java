package org.nabla.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import org.nabla.tensor.Generator;

/**
 * K-fold cross-validation: plain and stratified fold indices, and a runner that scores a user function on each
 * fold. Without shuffling the folds equal scikit-learn's KFold and StratifiedKFold exactly; with shuffling they
 * follow the same scheme, drawn from a seeded Nabla {@link Generator} (so not sklearn's numbers).
 */
public final class CrossValidation {
    private CrossValidation() {}

    /** Indices of one fold: train on {@code train}, score on {@code test}. Both sorted ascending. */
    public record Fold(int index, int[] train, int[] test) {}

    /** Scores a model trained on a fold's train indices on its test indices. */
    @FunctionalInterface
    public interface FoldFunction {
        double score(Fold fold);
    }

    /** Per-fold scores with their mean and standard deviation. */
    public record Result(double[] scores, double mean, double std) {
        /** Standard deviation with the n - 1 denominator (the sample estimate). */
        public double sampleStd() {
            int n = scores.length;
            return n < 2 ? Double.NaN : std * Math.sqrt((double) n / (n - 1));
        }

        @Override
        public String toString() {
            return String.format("%.4f ± %.4f over %d folds %s", mean, std, scores.length, Arrays.toString(scores));
        }
    }

    private static void checkK(String what, int n, int k) {
        if (k < 2) throw new IllegalArgumentException(what + ": k must be at least 2, got " + k);
        if (k > n) throw new IllegalArgumentException(what + ": k=" + k + " is more than the " + n + " samples");
    }

    /** Consecutive folds (first n % k folds one larger), optionally over a seeded shuffle of the indices. */
    public static List<Fold> kFold(int n, int k, boolean shuffle, long seed) {
        checkK("k-fold", n, k);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        if (shuffle) shuffle(idx, new Generator(seed));
        int[] foldOf = new int[n];
        int start = 0;
        for (int f = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            for (int i = start; i < start + size; i++) foldOf[idx[i]] = f;
            start += size;
        }
        return folds(foldOf, k);
    }

    public static List<Fold> kFold(int n, int k) { return kFold(n, k, false, 0); }

    /**
     * Folds that keep each class's proportion, as scikit-learn's StratifiedKFold: classes numbered by first
     * appearance, the encoded labels sorted, fold f
     * takes the labels at positions f, f + k, f + 2k, ... of that order, and each class's samples are given out
     * in index order to folds 0, 1, ... in those amounts (in a seeded random order when shuffling).
     */
    public static List<Fold> stratifiedKFold(int[] labels, int k, boolean shuffle, long seed) {
        int n = labels.length;
        checkK("stratified k-fold", n, k);
        // Classes numbered in order of first appearance, as scikit-learn encodes them.
        HashMap<Integer, Integer> classIndex = new HashMap<>();
        int[] encoded = new int[n];
        for (int i = 0; i < n; i++) encoded[i] = classIndex.computeIfAbsent(labels[i], y -> classIndex.size());
        int classes = classIndex.size();
        int[] classCounts = new int[classes];
        for (int e : encoded) classCounts[e]++;
        int largest = Arrays.stream(classCounts).max().getAsInt();
        if (k > largest) {
            throw new IllegalArgumentException("stratified k-fold: k=" + k + " is more than the members of every class (largest class: " + largest + ")");
        }
        int[] sorted = encoded.clone();
        Arrays.sort(sorted);
        int[][] allocation = new int[k][classes];
        for (int i = 0; i < n; i++) allocation[i % k][sorted[i]]++;
        Generator gen = shuffle ? new Generator(seed) : null;
        int[] foldOf = new int[n];
        for (int c = 0; c < classes; c++) {
            int count = 0;
            for (int f = 0; f < k; f++) count += allocation[f][c];
            int[] assign = new int[count];
            for (int f = 0, j = 0; f < k; f++) for (int a = 0; a < allocation[f][c]; a++) assign[j++] = f;
            if (gen != null) shuffle(assign, gen);
            for (int i = 0, j = 0; i < n; i++) if (encoded[i] == c) foldOf[i] = assign[j++];
        }
        return folds(foldOf, k);
    }

    public static List<Fold> stratifiedKFold(int[] labels, int k) { return stratifiedKFold(labels, k, false, 0); }

    private static List<Fold> folds(int[] foldOf, int k) {
        int n = foldOf.length;
        int[] sizes = new int[k];
        for (int f : foldOf) sizes[f]++;
        List<Fold> out = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int[] test = new int[sizes[f]], train = new int[n - sizes[f]];
            for (int i = 0, a = 0, b = 0; i < n; i++) {
                if (foldOf[i] == f) test[a++] = i;
                else train[b++] = i;
            }
            out.add(new Fold(f, train, test));
        }
        return out;
    }

    /** Fisher-Yates shuffle driven by the generator. */
    private static void shuffle(int[] a, Generator gen) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Runs fn on each fold in order and returns the scores, their mean and their standard deviation with the
     * n denominator (numpy's default, as scikit-learn reports cross_val_score(...).std()).
     */
    public static Result run(List<Fold> folds, FoldFunction fn) {
        if (folds.isEmpty()) throw new IllegalArgumentException("cross-validation: no folds");
        double[] scores = new double[folds.size()];
        for (int i = 0; i < scores.length; i++) scores[i] = fn.score(folds.get(i));
        double mean = 0;
        for (double s : scores) mean += s;
        mean /= scores.length;
        double ss = 0;
        for (double s : scores) ss += (s - mean) * (s - mean);
        return new Result(scores, mean, Math.sqrt(ss / scores.length));
    }
}

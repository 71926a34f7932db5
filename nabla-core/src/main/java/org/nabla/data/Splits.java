package org.nabla.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.nabla.tensor.Generator;

/**
 * Seeded index splits: by fractions (e.g. train/validation/test), stratified by class, and k-fold (plain and
 * stratified, equal to scikit-learn's without shuffling; {@code metrics.CrossValidation} scores a model on them).
 * Every function returns index arrays that together partition 0..n-1 exactly; part sizes follow the fractions
 * with the rounding remainder given to the first parts (so sizes differ from n * fraction by less than 1).
 */
public final class Splits {
    private Splits() {}

    /** Fold {@code index} of a k-fold split: the indices to train on and the held-out indices, both ascending. */
    public record Fold(int index, int[] train, int[] test) {}

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

    /**
     * Exactly {@code n} of the indices, sorted, each class taking its share of n: the floor of it, and one more for
     * the classes with the largest remainders (the lowest class first on ties). Per-class rounding, as in
     * {@link #stratified}, can miss n by a few (2000 of MNIST's 60000 gave 2005).
     */
    public static int[] stratifiedSample(long[] labels, int n, Generator gen) {
        if (n < 0 || n > labels.length) throw new IllegalArgumentException("stratifiedSample: n must be in [0, " + labels.length + "], got " + n);
        int[][] byClass = byClass(labels);
        int[] take = new int[byClass.length];
        double[] remainder = new double[byClass.length];
        int given = 0;
        for (int c = 0; c < byClass.length; c++) {
            double share = (double) n * byClass[c].length / labels.length;
            take[c] = (int) share;
            remainder[c] = share - take[c];
            given += take[c];
        }
        Integer[] order = new Integer[byClass.length];
        Arrays.setAll(order, c -> c);
        Arrays.sort(order, (a, b) -> Double.compare(remainder[b], remainder[a]));
        for (int i = 0; i < n - given; i++) take[order[i]]++;
        int[] out = new int[n];
        for (int c = 0, at = 0; c < byClass.length; at += take[c], c++) System.arraycopy(shuffle(byClass[c], gen), 0, out, at, take[c]);
        Arrays.sort(out);
        return out;
    }

    /**
     * {@code n} indices of every class, drawn at random with {@code gen} and sorted: a label budget (e.g. 100
     * labelled images per class for transfer learning). A class with fewer than {@code n} samples is an error
     * naming it.
     */
    public static int[] perClass(long[] labels, int n, Generator gen) {
        if (n < 1) throw new IllegalArgumentException("perClass: n must be at least 1, got " + n);
        int[][] byClass = byClass(labels);
        int[] out = new int[Math.multiplyExact(n, byClass.length)];
        for (int c = 0; c < byClass.length; c++) {
            if (byClass[c].length < n)
                throw new IllegalArgumentException("class " + c + " has " + byClass[c].length + " samples, fewer than the " + n + " asked for per class");
            System.arraycopy(shuffle(byClass[c], gen), 0, out, c * n, n);
        }
        Arrays.sort(out);
        return out;
    }

    /** k consecutive folds of 0..n-1 (the first n % k one larger): scikit-learn's {@code KFold} without shuffling. */
    public static List<Fold> kFold(int n, int k) { return kFold(n, k, null); }

    /** k folds of 0..n-1 shuffled with {@code gen} (consecutive without one): fold f holds out the f-th of k near-equal parts. */
    public static List<Fold> kFold(int n, int k, Generator gen) {
        checkK("k-fold", n, k);
        int[] order = gen == null ? Sampler.sequential().epochIndices(n) : Sampler.permutation(n, gen);
        int[] foldOf = new int[n];
        for (int f = 0, at = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            for (int i = at; i < at + size; i++) foldOf[order[i]] = f;
            at += size;
        }
        return folds(foldOf, k);
    }

    /** Stratified folds without shuffling: scikit-learn's {@code StratifiedKFold} exactly (see the overload). */
    public static List<Fold> stratifiedKFold(long[] labels, int k) { return stratifiedKFold(labels, k, null); }

    /**
     * Folds that keep each class's proportion, as scikit-learn's {@code StratifiedKFold}: classes numbered by first
     * appearance, the encoded labels sorted, fold f takes the labels at positions f, f + k, f + 2k, ... of that
     * order, and each class's samples are given out in index order to folds 0, 1, ... in those amounts (in an order
     * shuffled with {@code gen} when it is not null; not scikit-learn's numbers then).
     */
    public static List<Fold> stratifiedKFold(long[] labels, int k, Generator gen) {
        int n = labels.length;
        checkK("stratified k-fold", n, k);
        HashMap<Long, Integer> classIndex = new HashMap<>();
        int[] encoded = new int[n];
        for (int i = 0; i < n; i++) encoded[i] = classIndex.computeIfAbsent(labels[i], y -> classIndex.size());
        int classes = classIndex.size();
        int[] classCounts = new int[classes];
        for (int e : encoded) classCounts[e]++;
        int largest = Arrays.stream(classCounts).max().getAsInt();
        if (k > largest)
            throw new IllegalArgumentException("stratified k-fold: k=" + k + " is more than the members of every class (largest class: " + largest + ")");
        int[] sorted = encoded.clone();
        Arrays.sort(sorted);
        int[][] allocation = new int[k][classes];
        for (int i = 0; i < n; i++) allocation[i % k][sorted[i]]++;
        int[] foldOf = new int[n];
        for (int c = 0; c < classes; c++) {
            int count = classCounts[c];
            int[] assign = new int[count];
            for (int f = 0, j = 0; f < k; f++) for (int a = 0; a < allocation[f][c]; a++) assign[j++] = f;
            if (gen != null) assign = shuffle(assign, gen);
            for (int i = 0, j = 0; i < n; i++) if (encoded[i] == c) foldOf[i] = assign[j++];
        }
        return folds(foldOf, k);
    }

    /** The folds of a fold assignment: fold f tests the indices assigned to f and trains on the rest. */
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

    private static void checkK(String what, int n, int k) {
        if (k < 2) throw new IllegalArgumentException(what + ": k must be at least 2, got " + k);
        if (k > n) throw new IllegalArgumentException(what + ": k=" + k + " is more than the " + n + " samples");
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

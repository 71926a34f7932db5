package org.nabla.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.data.ArrayDataset;
import org.nabla.data.Dataset;
import org.nabla.data.DatasetSource;
import org.nabla.data.Datasets;
import org.nabla.data.Digits;
import org.nabla.data.Normalizer;
import org.nabla.data.Sampler;
import org.nabla.data.Splits;
import org.nabla.tensor.Generator;

/**
 * The data of a run: the training, validation (or null) and test splits, normalised with statistics fitted on the
 * training split only. Splits are drawn from the run's seed, so {@code eval} finds the same test split again; they are
 * stratified for classes. A regression set (float targets) has no class names and one output per target value.
 *
 * @param outputs the model's outputs: the classes, or the values per regression target
 */
record RunData(Dataset train, Dataset validation, Dataset test, int[] sampleShape, int outputs, List<String> classNames,
               Normalizer normalizer) {
    /** Share of a dataset without an official test split (the bundled digits, a CSV table) held out for testing. */
    static final double TEST_FRACTION = 0.2;

    /** Whether the targets are values to regress rather than classes. */
    boolean regression() { return classNames.isEmpty(); }

    /** Whether the targets are class maps (one class per pixel: segmentation) rather than one class per sample. */
    boolean segmentation() { return !regression() && train.targetShape().length >= 2; }

    /** The classes (for a classifier). */
    int classes() { return outputs; }

    static RunData load(RunConfig c) {
        Split s = selectClasses(trainAndTest(c.dataset(), c.target(), c.seed()), c.dataset(), c.transfer().classes());
        Dataset train = s.train(), test = s.test();
        boolean regression = s.classNames().isEmpty();
        Generator gen = new Generator(c.seed());
        if (c.transfer().perClass() > 0) train = perClass(train, c.transfer().perClass(), s.classNames(), gen);
        else if (c.trainLimit() > 0 && c.trainLimit() < train.size())
            train = Datasets.subset(train, regression || train.targetShape().length > 0 ? Arrays.copyOf(Sampler.permutation(train.size(), gen), c.trainLimit())
                    : Splits.stratifiedSample(Datasets.labels(train), c.trainLimit(), gen));
        Dataset validation = null;
        if (c.valSplit() > 0) {
            int[][] parts = split(train, regression, new double[] {1 - c.valSplit(), c.valSplit()}, gen);
            if (parts[1].length == 0 || parts[0].length == 0)
                throw new UsageError("--val-split " + c.valSplit() + " leaves an empty split of the " + train.size() + " training samples");
            validation = Datasets.subset(train, parts[1]);
            train = Datasets.subset(train, parts[0]);
        }
        if (c.testLimit() > 0 && c.testLimit() < test.size()) test = Datasets.subset(test, range(c.testLimit()));
        Normalizer norm = switch (c.normalize()) {
            case "standardize" -> Normalizer.fit(train, Normalizer.Mode.STANDARDIZE, true);
            case "scale" -> Normalizer.fit(train, Normalizer.Mode.SCALE, true);
            default -> null;
        };
        if (norm != null) {
            train = norm.apply(train);
            test = norm.apply(test);
            if (validation != null) validation = norm.apply(validation);
        }
        int outputs = regression ? Math.max(1, train.targetLength()) : s.classNames().size();
        if (c.multiTask()) { // the auxiliary head's target beside the class
            AuxTask aux = AuxTask.named(c.auxTask());
            train = aux.withTarget(train, outputs);
            validation = aux.withTarget(validation, outputs);
            test = aux.withTarget(test, outputs);
        }
        return new RunData(train, validation, test, train.sampleShape(), outputs, s.classNames(), norm);
    }

    /** Only the test split, all of its classes, normalised by {@code norm} (an imported model's evaluation). */
    static Dataset test(String dataset, String target, long seed, int limit, Normalizer norm) { return test(dataset, target, seed, List.of(), limit, norm); }

    /** Only the test split of the run's classes (--classes), normalised as a trained model's metadata says (for {@code eval}). */
    static Dataset test(String dataset, String target, long seed, List<Integer> classes, int limit, Normalizer norm) {
        Dataset test = testSplit(dataset, target, seed, classes, limit).data();
        return norm == null ? test : norm.apply(test);
    }

    /**
     * A dataset's test split, raw (its first {@code limit} samples when {@code limit > 0}).
     *
     * @param classNames    the dataset's classes (none for regression targets)
     * @param drawnFromSeed whether the dataset has no official test split, so this one was drawn from {@code seed}
     */
    record TestSplit(Dataset data, List<String> classNames, boolean drawnFromSeed) {}

    static TestSplit testSplit(String dataset, String target, long seed, int limit) { return testSplit(dataset, target, seed, List.of(), limit); }

    /** {@link #testSplit(String, String, long, int)} with only {@code classes}, relabelled 0..k-1 in that order (all when empty). */
    static TestSplit testSplit(String dataset, String target, long seed, List<Integer> classes, int limit) {
        Split s = selectClasses(trainAndTest(dataset, target, seed), dataset, classes);
        Dataset test = s.test();
        if (limit > 0 && limit < test.size()) test = Datasets.subset(test, range(limit));
        return new TestSplit(test, s.classNames(), !s.official());
    }

    /** @param official whether the test split is the dataset's own rather than drawn from the seed */
    record Split(Dataset train, Dataset test, List<String> classNames, boolean official) {}

    /**
     * The registered dataset's official splits; a set without one split 80/20 (seeded; stratified for classes). The
     * digits are read as 1x8x8 images.
     */
    static Split trainAndTest(String dataset, String target, long seed) {
        int colon = dataset.indexOf(':');
        String name = colon < 0 ? dataset : dataset.substring(0, colon), path = colon < 0 ? null : dataset.substring(colon + 1);
        DatasetSource source = Datasets.REGISTRY.get(name).source();
        String column = target == null || target.isEmpty() ? null : target;
        if (name.equals("digits")) {
            Digits d = Digits.load();
            ArrayDataset all = ArrayDataset.ofFloats("digits8x8", d.features().toFloatArray(), d.labels().toLongArray(), 1, 8, 8);
            int[][] parts = split(all, false, new double[] {1 - TEST_FRACTION, TEST_FRACTION}, new Generator(seed));
            return new Split(Datasets.subset(all, parts[0]), Datasets.subset(all, parts[1]), DatasetSource.indexNames(Digits.CLASSES), false);
        }
        DatasetSource.Loaded train = source.load(path, column, true), test = source.load(path, column, false);
        if (test != null) return new Split(train.data(), test.data(), train.classNames(), true);
        int[][] parts = split(train.data(), train.regression(), new double[] {1 - TEST_FRACTION, TEST_FRACTION}, new Generator(seed));
        return new Split(Datasets.subset(train.data(), parts[0]), Datasets.subset(train.data(), parts[1]), train.classNames(), false);
    }

    /**
     * The splits with only {@code classes} (--classes), relabelled 0..k-1 in that order, and their names; all of
     * them when the list is empty. A class the dataset lacks, or a regression target, is a usage error.
     */
    private static Split selectClasses(Split s, String dataset, List<Integer> classes) {
        if (classes.isEmpty()) return s;
        if (s.classNames().isEmpty()) throw new UsageError("--classes applies to a dataset of classes; " + dataset + " has real-valued targets");
        int k = s.classNames().size();
        for (int c : classes)
            if (c >= k) throw new UsageError("--classes: " + dataset + " has no class " + c + " (its classes are 0-" + (k - 1) + ")");
        long[] chosen = classes.stream().mapToLong(Integer::longValue).toArray();
        try {
            return new Split(Datasets.selectClasses(s.train(), chosen), Datasets.selectClasses(s.test(), chosen),
                    classes.stream().map(s.classNames()::get).toList(), s.official());
        } catch (IllegalArgumentException e) {
            throw new UsageError("--classes: " + e.getMessage());
        }
    }

    /** {@code n} training samples of every class (--per-class), drawn from {@code gen}; too few of one is a usage error naming it. */
    private static Dataset perClass(Dataset train, int n, List<String> classNames, Generator gen) {
        if (classNames.isEmpty()) throw new UsageError("--per-class applies to a dataset of classes, not to real-valued targets");
        long[] labels = Datasets.labels(train);
        int[] counts = Datasets.classCounts(labels);
        for (int c = 0; c < counts.length; c++)
            if (counts[c] < n)
                throw new UsageError("--per-class " + n + ": class " + classNames.get(c) + " has only " + counts[c] + " training samples");
        return Datasets.subset(train, Splits.perClass(labels, n, gen));
    }

    /** Indices of {@code d} in parts of these fractions: stratified by class, or at random for regression. */
    private static int[][] split(Dataset d, boolean regression, double[] fractions, Generator gen) {
        boolean classMaps = d.targetShape().length > 0; // no one label per sample to stratify by
        return regression || classMaps ? Splits.random(d.size(), fractions, gen) : Splits.stratified(Datasets.labels(d), fractions, gen);
    }

    private static int[] range(int n) {
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        return idx;
    }

    /** The normaliser as JSON (null when none). */
    static Map<String, Object> normalizerJson(Normalizer n) {
        if (n == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", n.mode().name().toLowerCase(java.util.Locale.ROOT));
        m.put("per_channel", n.perChannel());
        m.put("shift", doubles(n.shift()));
        m.put("scale", doubles(n.scale()));
        m.put("sample_shape", Arrays.stream(n.sampleShape()).boxed().toList());
        return m;
    }

    /** Reads {@link #normalizerJson}; {@code where} names the file in errors. */
    static Normalizer normalizerFromJson(Object json, String where) {
        if (json == null) return null;
        try {
            Map<?, ?> m = (Map<?, ?>) json;
            Normalizer.Mode mode = Normalizer.Mode.valueOf(((String) m.get("mode")).toUpperCase(java.util.Locale.ROOT));
            return Normalizer.of(mode, (Boolean) m.get("per_channel"), toDoubles(m.get("shift")), toDoubles(m.get("scale")),
                    toInts(m.get("sample_shape")));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": malformed normaliser statistics in the run metadata");
        }
    }

    private static List<Double> doubles(double[] a) {
        List<Double> out = new ArrayList<>();
        for (double v : a) out.add(v);
        return out;
    }

    static double[] toDoubles(Object list) { return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray(); }

    static int[] toInts(Object list) { return ((List<?>) list).stream().mapToInt(v -> ((Number) v).intValue()).toArray(); }
}

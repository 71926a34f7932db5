package org.nabla.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.data.ArrayDataset;
import org.nabla.data.Dataset;
import org.nabla.data.Datasets;
import org.nabla.data.Digits;
import org.nabla.data.Normalizer;
import org.nabla.data.Splits;
import org.nabla.tensor.Generator;

/**
 * The data of a run: the training, validation (or null) and test splits, normalised with statistics fitted on the
 * training split only. Splits are drawn from the run's seed, so {@code eval} finds the same test split again.
 */
record RunData(Dataset train, Dataset validation, Dataset test, int[] sampleShape, int classes, List<String> classNames,
               Normalizer normalizer) {
    /** Share of the bundled digits held out for testing (they have no official test split). */
    static final double DIGITS_TEST_FRACTION = 0.2;

    static RunData load(RunConfig c) {
        Dataset[] trainTest = trainAndTest(c.dataset(), c.seed());
        Dataset train = trainTest[0], test = trainTest[1];
        Generator gen = new Generator(c.seed());
        if (c.trainLimit() > 0 && c.trainLimit() < train.size())
            train = Datasets.subset(train, Splits.stratifiedSample(Datasets.labels(train), c.trainLimit(), gen));
        Dataset validation = null;
        if (c.valSplit() > 0) {
            int[][] parts = Splits.stratified(Datasets.labels(train), new double[] {1 - c.valSplit(), c.valSplit()}, gen);
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
        List<String> names = Datasets.classNames(c.dataset());
        return new RunData(train, validation, test, train.sampleShape(), names.size(), names, norm);
    }

    /** Only the test split, normalised as a trained model's metadata says (for {@code eval}). */
    static Dataset test(String dataset, long seed, int limit, Normalizer norm) {
        Dataset test = trainAndTest(dataset, seed)[1];
        if (limit > 0 && limit < test.size()) test = Datasets.subset(test, range(limit));
        return norm == null ? test : norm.apply(test);
    }

    /** The dataset's official splits; the digits as 1x8x8 images split 80/20 (stratified, seeded). */
    private static Dataset[] trainAndTest(String name, long seed) {
        if (name.equals("digits")) {
            Digits d = Digits.load();
            ArrayDataset all = ArrayDataset.ofFloats("digits8x8", d.features().toFloatArray(), d.labels().toLongArray(), 1, 8, 8);
            int[][] parts = Splits.stratified(all.labels(), new double[] {1 - DIGITS_TEST_FRACTION, DIGITS_TEST_FRACTION}, new Generator(seed));
            return new Dataset[] {Datasets.subset(all, parts[0]), Datasets.subset(all, parts[1])};
        }
        return new Dataset[] {Datasets.load(name, true), Datasets.load(name, false)};
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

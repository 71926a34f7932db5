package org.nabla.serve.playground;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One playground configuration, as the page keeps it in its URL ({@code dataset=circle&layers=4,2&...}) and the server
 * validates it: every value is checked against the original playground's ranges, an unknown name or a bad value is an
 * IllegalArgumentException naming it. The defaults are the original's.
 */
public record PlaygroundSettings(String dataset, int ratio, int noise, int batch, List<String> features, int[] layers,
        String activation, String regularization, double regularizationRate, double learningRate, long seed) {
    public static final List<String> DATASETS = List.of("circle", "xor", "gauss", "spiral", "plane", "multigauss");
    public static final List<String> FEATURES = List.of("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2");
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "linear");
    public static final List<String> REGULARIZATIONS = List.of("none", "l1", "l2");
    public static final int MAX_LAYERS = 6, MAX_NEURONS = 8;
    private static final Set<String> NAMES = Set.of("dataset", "ratio", "noise", "batch", "features", "layers", "activation",
            "reg", "regRate", "lr", "seed");

    /** The settings that change a running network (learning rate, regularisation and its rate); the others start anew. */
    public static final List<String> LIVE = List.of("lr", "reg", "regRate");

    public static PlaygroundSettings defaults() {
        return new PlaygroundSettings("circle", 50, 0, 10, List.of("x1", "x2"), new int[] {4, 2}, "tanh", "none", 0, 0.03, 1);
    }

    /** Whether the dataset is a regression (plane, multi-Gaussian): a linear output and real targets. */
    public boolean regression() { return dataset.equals("plane") || dataset.equals("multigauss"); }

    /** The settings named in {@code params} over the defaults. */
    public static PlaygroundSettings parse(Map<String, String> params) {
        for (String k : params.keySet()) if (!NAMES.contains(k)) throw new IllegalArgumentException("unknown setting '" + k + "'");
        PlaygroundSettings d = defaults();
        String dataset = choice(params, "dataset", DATASETS, d.dataset);
        int ratio = integer(params, "ratio", 10, 90, d.ratio);
        int noise = integer(params, "noise", 0, 50, d.noise);
        int batch = integer(params, "batch", 1, 30, d.batch);
        List<String> features = d.features;
        if (params.containsKey("features")) {
            features = new ArrayList<>();
            for (String f : params.get("features").split(",", -1)) {
                if (!FEATURES.contains(f)) throw new IllegalArgumentException("features: '" + f + "' is not one of " + FEATURES);
                if (!features.contains(f)) features.add(f);
            }
            features.sort(java.util.Comparator.comparingInt(FEATURES::indexOf));
            features = List.copyOf(features);
        }
        int[] layers = d.layers;
        if (params.containsKey("layers")) {
            String s = params.get("layers");
            String[] parts = s.isEmpty() ? new String[0] : s.split(",", -1);
            if (parts.length > MAX_LAYERS) throw new IllegalArgumentException("layers: at most " + MAX_LAYERS + " hidden layers, got " + parts.length);
            layers = new int[parts.length];
            for (int i = 0; i < parts.length; i++) layers[i] = parseInt("layers", parts[i], 1, MAX_NEURONS);
        }
        String activation = choice(params, "activation", ACTIVATIONS, d.activation);
        String reg = choice(params, "reg", REGULARIZATIONS, d.regularization);
        double regRate = real(params, "regRate", 0, 10, d.regularizationRate);
        double lr = real(params, "lr", 1e-5, 10, d.learningRate);
        long seed = d.seed;
        if (params.containsKey("seed")) seed = parseInt("seed", params.get("seed"), 0, 999_999_999);
        return new PlaygroundSettings(dataset, ratio, noise, batch, features, layers, activation, reg, regRate, lr, seed);
    }

    /**
     * These settings with the learning rate and regularisation named in {@code params}, which may name nothing else
     * (a change of data, features or layers needs a new network): IllegalArgumentException naming the setting.
     */
    public PlaygroundSettings live(Map<String, String> params) {
        for (String k : params.keySet()) {
            if (!NAMES.contains(k)) throw new IllegalArgumentException("unknown setting '" + k + "'");
            if (!LIVE.contains(k)) throw new IllegalArgumentException(k + ": only " + LIVE + " change a running network; start a new session for " + k);
        }
        return withTraining(real(params, "lr", 1e-5, 10, learningRate), choice(params, "reg", REGULARIZATIONS, regularization),
                real(params, "regRate", 0, 10, regularizationRate));
    }

    /** These settings with another learning rate and regularisation. */
    public PlaygroundSettings withTraining(double lr, String reg, double regRate) {
        return new PlaygroundSettings(dataset, ratio, noise, batch, features, layers, activation, reg, regRate, lr, seed);
    }

    /** Whether {@code o} holds the same values (the record's equals compares the layers array by identity). */
    public boolean sameAs(PlaygroundSettings o) { return toJson().equals(o.toJson()); }

    /** The settings as URL parameters (what {@link #parse} reads). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("ratio", ratio);
        m.put("noise", noise);
        m.put("batch", batch);
        m.put("features", String.join(",", features));
        m.put("layers", String.join(",", java.util.Arrays.stream(layers).mapToObj(Integer::toString).toList()));
        m.put("activation", activation);
        m.put("reg", regularization);
        m.put("regRate", regularizationRate);
        m.put("lr", learningRate);
        m.put("seed", seed);
        m.put("regression", regression());
        return m;
    }

    private static String choice(Map<String, String> p, String name, List<String> allowed, String fallback) {
        String v = p.get(name);
        if (v == null) return fallback;
        v = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) throw new IllegalArgumentException(name + ": '" + p.get(name) + "' is not one of " + allowed);
        return v;
    }

    private static int integer(Map<String, String> p, String name, int min, int max, int fallback) {
        return p.containsKey(name) ? parseInt(name, p.get(name), min, max) : fallback;
    }

    private static int parseInt(String name, String s, int min, int max) {
        try {
            int v = Integer.parseInt(s.strip());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException ignored) { // reported below
        }
        throw new IllegalArgumentException(name + ": expected a whole number from " + min + " to " + max + ", got '" + s + "'");
    }

    private static double real(Map<String, String> p, String name, double min, double max, double fallback) {
        String s = p.get(name);
        if (s == null) return fallback;
        try {
            double v = Double.parseDouble(s.strip());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException ignored) { // reported below
        }
        throw new IllegalArgumentException(name + ": expected a number from " + min + " to " + max + ", got '" + s + "'");
    }
}

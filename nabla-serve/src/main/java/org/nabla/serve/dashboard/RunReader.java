package org.nabla.serve.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nabla.io.Json;

/**
 * Reads one run folder as {@code nabla train} writes it: config.json (first), steps.csv and metrics.csv (while it
 * trains), summary.json (last), charts and samples. A file that is missing is left out; a file that does not parse
 * makes the run {@link RunStatus#MALFORMED} with the reason in {@code error}, so its page shows it.
 */
public final class RunReader {
    public static final String CONFIG = "config.json", SUMMARY = "summary.json", STEPS = "steps.csv", EPOCHS = "metrics.csv",
            SAMPLES = "samples.txt", PREDICTIONS = "predictions.json";
    /** The most bytes of a text file (samples) sent to a page: its end. */
    static final int MAX_TEXT = 64 * 1024;
    /** The most bytes of a CSV or JSON file read; a larger one is malformed for the dashboard. */
    static final long MAX_FILE = 32L << 20;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** The metrics of summary.json's test and validation parts shown among a run's best. */
    static final List<String> SUMMARY_METRICS = List.of("loss", "accuracy", "exact_match", "r2", "mae", "rmse", "perplexity", "bits_per_char");

    private RunReader() {}

    /** The runs table's row of {@code dir}: name, model, dataset, date, status, best metrics, error. */
    public static Map<String, Object> row(Path dir) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", dir.getFileName().toString());
        try {
            Map<String, Object> config = config(dir);
            Map<String, Object> run = config == null ? Map.of() : asMap(config.get("config"));
            row.put("model", run.getOrDefault("model", ""));
            row.put("dataset", run.getOrDefault("dataset", ""));
            row.put("date", date(dir));
            Map<String, Object> summary = json(dir.resolve(SUMMARY));
            CsvTable epochs = csv(dir.resolve(EPOCHS));
            row.put("status", status(dir, config, summary).label());
            row.put("best", best(epochs, summary));
            row.put("epochs", epochs == null ? 0 : epochs.rows().size());
        } catch (IllegalArgumentException | IOException e) {
            row.putIfAbsent("model", "");
            row.putIfAbsent("dataset", "");
            row.putIfAbsent("date", "");
            row.put("status", RunStatus.MALFORMED.label());
            row.put("best", Map.of());
            row.put("error", message(e));
        }
        return row;
    }

    /** Everything a run's page shows. */
    public static Map<String, Object> details(Path dir) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", dir.getFileName().toString());
        try {
            Map<String, Object> config = config(dir);
            Map<String, Object> summary = json(dir.resolve(SUMMARY));
            d.put("status", status(dir, config, summary).label());
            d.put("date", date(dir));
            d.put("config", config == null ? null : finite(config));
            d.put("summary", summary == null ? null : finite(summary));
            CsvTable steps = csv(dir.resolve(STEPS)), epochs = csv(dir.resolve(EPOCHS));
            d.put("steps", table(steps));
            d.put("epochs", table(epochs));
            d.put("offsets", Map.of("steps", completeBytes(dir.resolve(STEPS)), "epochs", completeBytes(dir.resolve(EPOCHS))));
            d.put("best", best(epochs, summary));
            d.put("confusion", confusion(config, summary));
            d.put("samples", tail(dir.resolve(SAMPLES)));
            d.put("images", images(dir));
            predictions(dir, d);
        } catch (IllegalArgumentException | IOException e) {
            d.put("status", RunStatus.MALFORMED.label());
            d.put("error", message(e));
        }
        return d;
    }

    /**
     * A classifier's sample predictions (predictions.json, written by {@code org.nabla.train.PredictionSamples}) as
     * {@code predictions}; one that does not parse is {@code predictions_error}, the rest of the page still shown.
     */
    private static void predictions(Path dir, Map<String, Object> d) throws IOException {
        try {
            Map<String, Object> p = json(dir.resolve(PREDICTIONS));
            if (p == null) return;
            if (!(p.get("samples") instanceof List<?>)) throw new IllegalArgumentException(PREDICTIONS + ": no \"samples\" list");
            d.put("predictions", finite(p));
        } catch (IllegalArgumentException e) {
            d.put("predictions_error", message(e));
        }
    }

    /** config.json, null when absent; a run folder needs config.json or steps.csv. */
    static Map<String, Object> config(Path dir) throws IOException {
        Map<String, Object> config = json(dir.resolve(CONFIG));
        if (config == null && !Files.exists(dir.resolve(STEPS)))
            throw new IllegalArgumentException("not a run folder: no " + CONFIG + " nor " + STEPS);
        return config;
    }

    static RunStatus status(Path dir, Map<String, Object> config, Map<String, Object> summary) throws IOException {
        if (summary != null) return RunStatus.COMPLETED;
        long newest = 0;
        for (String f : List.of(CONFIG, STEPS, EPOCHS))
            if (Files.isRegularFile(dir.resolve(f))) newest = Math.max(newest, Files.getLastModifiedTime(dir.resolve(f)).toMillis());
        return System.currentTimeMillis() - newest < RunStatus.RUNNING_WINDOW_MS ? RunStatus.RUNNING : RunStatus.STOPPED;
    }

    private static String date(Path dir) throws IOException {
        Path config = dir.resolve(CONFIG);
        FileTime t = Files.getLastModifiedTime(Files.exists(config) ? config : dir);
        return DATE.format(t.toInstant());
    }

    /**
     * The best of each validation column of metrics.csv (highest accuracy-like, lowest else) and the test metrics of
     * summary.json that are numbers.
     */
    static Map<String, Object> best(CsvTable epochs, Map<String, Object> summary) {
        Map<String, Object> best = new LinkedHashMap<>();
        if (epochs != null) {
            for (int c = 0; c < epochs.columns().size(); c++) {
                String name = epochs.columns().get(c);
                if (!name.startsWith("val_")) continue;
                boolean higher = higherIsBetter(name);
                double b = Double.NaN;
                for (double[] r : epochs.rows())
                    if (Double.isFinite(r[c]) && (Double.isNaN(b) || (higher ? r[c] > b : r[c] < b))) b = r[c];
                if (Double.isFinite(b)) best.put(name, b);
            }
        }
        if (summary != null) {
            for (String part : List.of("test", "validation")) {
                Map<String, Object> m = asMap(summary.get(part));
                for (var e : m.entrySet())
                    if (e.getValue() instanceof Number n && Double.isFinite(n.doubleValue()) && SUMMARY_METRICS.contains(e.getKey()))
                        best.put(part + "_" + e.getKey(), n.doubleValue());
            }
        }
        return best;
    }

    static boolean higherIsBetter(String metric) {
        return metric.contains("accuracy") || metric.contains("r2") || metric.contains("exact") || metric.contains("f1")
                || metric.contains("precision") || metric.contains("recall");
    }

    private static Map<String, Object> confusion(Map<String, Object> config, Map<String, Object> summary) {
        if (summary == null || !(asMap(summary.get("test")).get("confusion_matrix") instanceof List<?> matrix)) return null;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("matrix", matrix);
        c.put("classes", config == null ? null : config.get("class_names"));
        return c;
    }

    private static Map<String, Object> table(CsvTable t) {
        if (t == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", t.columns());
        m.put("rows", t.jsonRows());
        return m;
    }

    /** The length of {@code file} up to its last newline (what a page has read), 0 when absent. */
    static long completeBytes(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return 0;
        byte[] b = Files.readAllBytes(file);
        int i = b.length - 1;
        while (i >= 0 && b[i] != '\n') i--;
        return i + 1;
    }

    private static List<String> images(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".png") && Files.isRegularFile(p))
                    .map(p -> p.getFileName().toString()).sorted().forEach(names::add);
        }
        return names;
    }

    private static String tail(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        byte[] b = Files.readAllBytes(file);
        int from = Math.max(0, b.length - MAX_TEXT);
        return new String(b, from, b.length - from, StandardCharsets.UTF_8);
    }

    static CsvTable csv(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        return CsvTable.parse(file.getFileName().toString(), read(file));
    }

    static Map<String, Object> json(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        try {
            return Json.parseObject(read(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.getFileName() + ": " + e.getMessage());
        }
    }

    private static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE) throw new IllegalArgumentException(file.getFileName() + ": over " + (MAX_FILE >> 20) + " MB");
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) { return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(); }

    /** A JSON tree with its non-finite numbers as null (browsers' JSON has no NaN). */
    static Object finiteValue(Object o) {
        if (o instanceof Double d && !Double.isFinite(d)) return null;
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), finiteValue(v)));
            return out;
        }
        if (o instanceof List<?> l) return l.stream().map(RunReader::finiteValue).toList();
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> finite(Map<String, Object> m) { return (Map<String, Object>) finiteValue(m); }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}

package org.nabla.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.io.Json;

/**
 * Writes one row per epoch to a CSV file (with a header) and one JSON object per line to a JSON-lines file, with
 * the trainer's {@link Trainer#logColumns()} ({@link #COLUMNS} for a classifier); a metric the run lacks (no
 * validation) is an empty CSV cell and absent from JSON. A run that starts after epoch 0 (a resumed one) appends
 * to existing files; a fresh run replaces them. Callbacks run in the order given: add a {@link ModelCheckpoint}
 * before this log, and a row is written only once its epoch's checkpoint is committed.
 */
public final class MetricLog implements Callback {
    /** A classifier's columns. */
    public static final List<String> COLUMNS = List.of("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr",
            "samples_per_s", "seconds");
    private final Path csv, jsonl;
    private List<String> columns = COLUMNS;

    /** Either path may be null to skip that format. */
    public MetricLog(Path csv, Path jsonl) {
        this.csv = csv;
        this.jsonl = jsonl;
    }

    @Override
    public void onTrainBegin(TrainContext ctx) {
        boolean fresh = ctx.trainer().epoch() == 0;
        columns = ctx.trainer().logColumns();
        if (csv != null && (fresh || !Files.exists(csv))) write("MetricLog", csv, String.join(",", columns) + "\n", false);
        if (jsonl != null && (fresh || !Files.exists(jsonl))) write("MetricLog", jsonl, "", false);
    }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        Map<String, Double> logs = ctx.logs();
        if (csv != null) {
            StringBuilder row = new StringBuilder();
            for (String c : columns) {
                if (row.length() > 0) row.append(',');
                Double v = logs.get(c);
                if (v != null) row.append(format(c, v));
            }
            write("MetricLog", csv, row.append('\n').toString(), true);
        }
        if (jsonl != null) {
            Map<String, Object> obj = new LinkedHashMap<>();
            for (String c : columns) {
                Double v = logs.get(c);
                if (v != null) obj.put(c, c.equals("epoch") ? (Object) v.longValue() : Double.isFinite(v) ? v : null);
            }
            write("MetricLog", jsonl, Json.write(obj) + "\n", true);
        }
    }

    private static String format(String column, double v) {
        return column.equals("epoch") ? Long.toString((long) v) : Double.toString(v);
    }

    /** Writes or appends {@code text} to {@code file}, creating its folder; {@code owner} names the writer in errors. */
    static void write(String owner, Path file, String text, boolean append) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (append) Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            else Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

package org.nabla.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.io.AtomicFiles;
import org.nabla.io.Json;
import org.nabla.train.MetricLog;
import org.nabla.train.ModelCheckpoint;
import org.nabla.train.Monitor;
import org.nabla.train.StepLog;
import org.nabla.train.Trainer;

/**
 * The folder of one {@code nabla train} run: config.json (written first), metrics.csv and metrics.jsonl (one row
 * per epoch), steps.csv (the training loss, accuracy and learning rate every step or few steps), checkpoint/last and
 * checkpoint/best, snapshots/cycle-K.safetensors (with --snapshots), summary.json (test metrics, throughput, time, memory and the configuration, written last: it
 * marks the run completed) and the charts loss.png, accuracy.png and confusion.png (a regression: loss.png only).
 */
record RunFolder(Path dir) {
    static final String CONFIG = "config.json", SUMMARY = "summary.json";
    /** The most rows steps.csv should have. */
    static final int STEP_ROWS = 2000;

    /**
     * {@code out}, or a fresh {@code runs/<name>-<date>-<time>} folder. An existing {@code out} must be an empty
     * folder: a run never overwrites another's files.
     */
    static RunFolder create(Path out, String name) {
        Path dir = out;
        if (dir == null) {
            String base = name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            dir = Path.of("runs", base);
            for (int i = 2; Files.exists(dir); i++) dir = Path.of("runs", base + "-" + i);
        } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageError("--out " + dir + " is a file, not a folder");
        } else if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent())
                    throw new UsageError("--out " + dir + " is not empty (a run never overwrites files); choose another folder");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + dir + ": " + whyNot(dir, e), e);
        }
        return new RunFolder(dir);
    }

    /** Why {@code dir} could not be created, in words: the JDK's exceptions often carry only a path. */
    private static String whyNot(Path dir, IOException e) {
        Path existing = dir.toAbsolutePath();
        while (existing.getParent() != null && !Files.exists(existing)) existing = existing.getParent();
        if (e instanceof AccessDeniedException) return existing + " is not writable (permission denied)";
        if (!Files.isDirectory(existing)) return existing + " is a file, not a folder";
        // /proc and /sys refuse new folders even to root, with ENOENT or EPERM
        if (e instanceof NoSuchFileException) return existing + " does not accept new folders (No such file or directory)";
        if (e instanceof FileSystemException f && f.getReason() != null) return existing + " does not accept new folders (" + f.getReason() + ")";
        return e.toString();
    }

    Path metricsCsv() { return dir.resolve("metrics.csv"); }
    Path metricsJsonl() { return dir.resolve("metrics.jsonl"); }
    Path stepsCsv() { return dir.resolve("steps.csv"); }

    /** Steps per row of steps.csv: every step, or as many as keep the file to about {@link #STEP_ROWS} rows. */
    static int stepsPerRow(long steps) { return (int) Math.max(1, (steps + STEP_ROWS - 1) / STEP_ROWS); }
    Path checkpoints() { return dir.resolve("checkpoint"); }
    /** A snapshot ensemble's weights at the end of each cycle (train --snapshots). */
    Path snapshots() { return dir.resolve("snapshots"); }

    /**
     * Adds what a run writes here while it trains: steps.csv, checkpoint/best and last (the best on {@code monitor},
     * lower is better; returned) and metrics.csv/jsonl. The checkpoint commits before the epoch's metrics row is
     * written: metrics.csv never lists an epoch a kill -9 kept from its checkpoint.
     */
    ModelCheckpoint logTo(Trainer.Builder b, long steps, String monitor) {
        b.callback(new StepLog(stepsCsv(), stepsPerRow(steps)));
        ModelCheckpoint checkpoints = new ModelCheckpoint(checkpoints(), monitor, Monitor.MIN);
        b.callback(checkpoints);
        b.callback(new MetricLog(metricsCsv(), metricsJsonl()));
        return checkpoints;
    }
    Path samplesTxt() { return dir.resolve("samples.txt"); }

    void writeJson(String name, Object value) {
        AtomicFiles.write(dir.resolve(name), (Json.writePretty(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** summary.json, and the three charts. */
    void writeResult(Training.Result r, RunData data) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("test", r.test().toJson(data.classNames()));
        if (r.validation() != null) s.put("validation", r.validation().toJson(data.classNames()));
        runFields(s, r.history().size(), r.bestEpoch(), r.seconds(), r.memory(), r.model());
        s.put("train_samples_per_s", r.samplesPerS());
        s.put("train_samples", data.train().size());
        s.put("validation_samples", data.validation() == null ? 0 : data.validation().size());
        s.put("test_samples", data.test().size());
        s.put("config", r.config().toJson());
        if (!r.testHeads().isEmpty()) s.put("test_heads", r.testHeads()); // a multi-task run: each head's test loss and accuracy
        String loss = r.config().loss().isEmpty() ? (data.regression() ? "mse" : "cross-entropy") : r.config().loss();
        Plots.trainingCurve(stepsCsv(), r.history(), Plots.LOSS.withYLabel(loss), dir.resolve("loss.png"));
        if (r.test() instanceof EvalReport test) {
            Plots.trainingCurve(stepsCsv(), r.history(), Plots.ACCURACY, dir.resolve("accuracy.png"));
            Plots.confusion(test.confusion(), data.classNames(), dir.resolve("confusion.png"));
            if (!r.config().multiTask()) org.nabla.train.PredictionSamples.write(r.model(), data.test(), data.classNames(), dir);
        }
        if (r.test() instanceof SegmentationReport)
            SegmentationOverlay.predictionsBesideTruth(r.model(), data.test(), data.classNames(), dir.resolve(SegmentationOverlay.PREDICTIONS_PNG));
        writeJson(SUMMARY, s); // last: its presence marks the run completed (see isCompleted)
    }

    /** summary.json of a language model's run (validation loss, perplexity, bits per character) and loss.png. */
    void writeTextResult(TextTraining.Result r, TextTraining.TextData data) {
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, Object> val = new LinkedHashMap<>();
        val.put("loss_nats_per_char", r.validationLoss());
        val.put("bits_per_char", r.validationLoss() / Math.log(2));
        val.put("perplexity", Math.exp(r.validationLoss()));
        val.put("accuracy", r.validationAccuracy());
        s.put("validation", val);
        runFields(s, r.history().size(), r.bestEpoch(), r.seconds(), r.memory(), r.model());
        s.put("train_chars_per_s", r.tokensPerS());
        s.put("train_chars", data.train().length);
        s.put("validation_chars", data.validation().length);
        s.put("vocabulary", data.vocabulary().characters());
        s.put("config", r.config().toJson());
        Plots.trainingCurve(stepsCsv(), r.history(), Plots.LOSS.withYLabel("cross-entropy (nats/char)"), dir.resolve("loss.png"));
        writeJson(SUMMARY, s); // last: its presence marks the run completed
    }

    /** summary.json of the dates translator (held-out exact match, example translations), loss.png and attention-N.png. */
    void writeSeq2SeqResult(Seq2SeqTraining.Result r, org.nabla.data.HumanDates dates) {
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("exact_match", r.exactMatch());
        test.put("pairs", dates.test().size());
        s.put("test", test);
        List<Map<String, Object>> examples = new java.util.ArrayList<>();
        for (int i = 0; i < r.examples().size(); i++) {
            var a = r.examples().get(i);
            examples.add(Map.of("source", a.source(), "output", a.output(), "heatmap", "attention-" + (i + 1) + ".png"));
            if (a.weights().length > 0) Plots.attention(a.weights(), a.source(), a.output(), dir.resolve("attention-" + (i + 1) + ".png"));
        }
        s.put("examples", examples);
        runFields(s, r.history().size(), r.bestEpoch(), r.seconds(), r.memory(), r.translator().model());
        s.put("train_samples_per_s", r.samplesPerS());
        s.put("config", r.config().toJson());
        Plots.trainingCurve(stepsCsv(), r.history(), Plots.LOSS, dir.resolve("loss.png"));
        writeJson(SUMMARY, s); // last: its presence marks the run completed
    }

    /** What every summary.json holds about the run itself: epochs, time, memory, size and the Java that ran it. */
    private static void runFields(Map<String, Object> s, int epochs, int bestEpoch, double seconds, PeakMemory.Reading memory, org.nabla.nn.Module model) {
        s.put("epochs_run", epochs);
        s.put("best_epoch", bestEpoch);
        s.put("wall_seconds", seconds);
        s.put("peak_heap_mb", memory.heapMb());
        s.put("peak_rss_mb", memory.rssMb());
        s.put("parameters", model.parameters().stream().mapToLong(p -> p.numel()).sum());
        s.put("java", Runtime.version().toString());
    }

    /** Whether the run in {@code dir} finished: summary.json is written last, so a diverged or killed run has none. */
    static boolean isCompleted(Path dir) { return Files.isRegularFile(dir.resolve(SUMMARY)); }
}

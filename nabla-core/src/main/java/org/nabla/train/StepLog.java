package org.nabla.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes the training curve at step resolution to a CSV file: one row every {@code every} optimizer steps (and at
 * each epoch's end) with the global step, the epoch, the mean loss of those steps, the share of their samples
 * classified right (from the epoch's running "accuracy", a mean over samples; empty for a task without it) and the
 * learning rate of the row's last step. A run that starts after epoch 0 (a resumed one) appends to an existing file.
 */
public final class StepLog implements Callback {
    public static final List<String> COLUMNS = List.of("step", "epoch", "loss", "accuracy", "lr");
    private final Path csv;
    private final int every;
    private double lossSum, lr, accuracy = Double.NaN, samples, rowAccuracy, rowSamples;
    private int steps;
    private long step;

    /** Rows of {@code every} steps ({@code every} >= 1). */
    public StepLog(Path csv, int every) {
        if (every < 1) throw new IllegalArgumentException("StepLog: every must be at least 1, got " + every);
        this.csv = csv;
        this.every = every;
    }

    @Override
    public void onTrainBegin(TrainContext ctx) {
        if (ctx.trainer().epoch() == 0 || !Files.exists(csv)) write(String.join(",", COLUMNS) + "\n", false);
    }

    @Override
    public void onEpochBegin(TrainContext ctx) {
        rowAccuracy = rowSamples = 0;
    }

    @Override
    public void onBatchEnd(TrainContext ctx) {
        lossSum += ctx.logs().getOrDefault("step_loss", Double.NaN);
        lr = ctx.logs().getOrDefault("step_lr", Double.NaN);
        accuracy = ctx.logs().getOrDefault("accuracy", Double.NaN);
        samples = ctx.logs().getOrDefault("samples", Double.NaN);
        step = ctx.step();
        if (++steps == every) row(ctx.epoch());
    }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        if (steps > 0) row(ctx.epoch());
    }

    /** Writes the steps since the last row, then starts a new window. */
    private void row(int epoch) {
        // the running accuracy times the samples counts the right ones so far in the epoch
        double right = accuracy * samples, windowAccuracy = (right - rowAccuracy) / (samples - rowSamples);
        write(step + "," + epoch + "," + lossSum / steps + "," + (Double.isFinite(windowAccuracy) ? Double.toString(windowAccuracy) : "")
                + "," + lr + "\n", true);
        rowAccuracy = right;
        rowSamples = samples;
        lossSum = 0;
        steps = 0;
    }

    private void write(String text, boolean append) {
        try {
            Path parent = csv.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (append) Files.writeString(csv, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            else Files.writeString(csv, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("StepLog: cannot write " + csv + ": " + e.getMessage(), e);
        }
    }
}

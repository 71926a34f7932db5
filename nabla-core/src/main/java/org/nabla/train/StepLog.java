package org.nabla.train;

import java.nio.file.Files;
import java.nio.file.Path;
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
    /** The epoch's rows, written at its end: no file write on the training step's path. */
    private final StringBuilder rows = new StringBuilder();

    /** Rows of {@code every} steps ({@code every} >= 1). */
    public StepLog(Path csv, int every) {
        if (every < 1) throw new IllegalArgumentException("StepLog: every must be at least 1, got " + every);
        this.csv = csv;
        this.every = every;
    }

    @Override
    public void onTrainBegin(TrainContext ctx) {
        if (ctx.trainer().epoch() == 0 || !Files.exists(csv)) MetricLog.write("StepLog", csv, String.join(",", COLUMNS) + "\n", false);
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
        MetricLog.write("StepLog", csv, rows.toString(), true);
        rows.setLength(0);
    }

    /** Writes the steps since the last row, then starts a new window. */
    private void row(int epoch) {
        // the running accuracy times the samples counts the right ones so far in the epoch
        double right = accuracy * samples, windowAccuracy = (right - rowAccuracy) / (samples - rowSamples);
        rows.append(step).append(',').append(epoch).append(',').append(lossSum / steps).append(',')
                .append(Double.isFinite(windowAccuracy) ? Double.toString(windowAccuracy) : "").append(',').append(lr).append('\n');
        rowAccuracy = right;
        rowSamples = samples;
        lossSum = 0;
        steps = 0;
    }
}

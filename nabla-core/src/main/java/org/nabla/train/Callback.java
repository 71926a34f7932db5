package org.nabla.train;

/**
 * Hooks into {@link Trainer#fit}, after Keras' callbacks. Every method receives the same {@link TrainContext}:
 * the trainer, the epoch (1-based) and batch being run, the global step and the latest logs.
 */
public interface Callback {
    default void onTrainBegin(TrainContext ctx) {}

    default void onEpochBegin(TrainContext ctx) {}

    /**
     * After the optimizer step of a training batch; {@code ctx.logs()} holds the epoch's running "loss", metrics
     * (a classifier: "accuracy") and "samples" so far, and this step's own "step_loss" and "step_lr" (the rate it used).
     */
    default void onBatchEnd(TrainContext ctx) {}

    /** After validation; {@code ctx.logs()} holds the epoch's metrics (see {@link Trainer} for the keys). */
    default void onEpochEnd(TrainContext ctx) {}

    default void onTrainEnd(TrainContext ctx) {}
}

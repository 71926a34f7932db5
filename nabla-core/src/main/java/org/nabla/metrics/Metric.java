package org.nabla.metrics;

import org.nabla.tensor.Tensor;

/**
 * A metric accumulated batch by batch over an epoch: {@link #update} with each batch's model outputs and targets,
 * {@link #compute} the value over everything seen, {@link #reset} for the next epoch. Trainers log it under
 * {@code train_<name>} and {@code val_<name>}. Instances: {@link Accuracy}, {@link MeanAbsoluteError},
 * {@link RootMeanSquaredError}, {@link R2Score}, {@link Perplexity}, {@link MetricAccumulator}.
 */
public interface Metric {
    /** The key in the logs, e.g. "accuracy" or "mae". */
    String name();

    /** Adds one batch: the model's outputs and the targets (neither needs gradients; both are only read). */
    void update(Tensor output, Tensor target);

    /** The metric over every batch since the last reset; NaN before any. */
    double compute();

    /** Forgets every batch. */
    void reset();
}

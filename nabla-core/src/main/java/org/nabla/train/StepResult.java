package org.nabla.train;

import org.nabla.tensor.Tensor;

/**
 * What one step reports: its loss as a sum over {@code lossWeight} units (samples, or tokens for a sequence task),
 * so epoch losses are exact means over the units; the samples it consumed; and the outputs and targets that the
 * task's metrics are updated with (null when it has none).
 */
public record StepResult(double lossSum, double lossWeight, int samples, Tensor output, Tensor target) {
    /** A step without outputs for metrics. */
    public static StepResult of(double lossSum, double lossWeight, int samples) { return new StepResult(lossSum, lossWeight, samples, null, null); }
}

package org.nabla.metrics;

/** The mean absolute error over every output element, as scikit-learn's {@code mean_absolute_error} of the flattened values. */
public final class MeanAbsoluteError extends ErrorMean {
    @Override public String name() { return "mae"; }

    @Override double of(double error) { return Math.abs(error); }

    @Override public double compute() { return mean(); }
}

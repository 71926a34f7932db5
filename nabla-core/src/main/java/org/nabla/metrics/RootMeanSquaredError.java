package org.nabla.metrics;

/** The square root of the mean squared error over every output element. */
public final class RootMeanSquaredError extends ErrorMean {
    @Override public String name() { return "rmse"; }

    @Override double of(double error) { return error * error; }

    @Override public double compute() { return Math.sqrt(mean()); }
}

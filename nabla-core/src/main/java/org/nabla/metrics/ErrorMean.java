package org.nabla.metrics;

import org.nabla.tensor.Tensor;

/** The mean of a function of each prediction error, over every element of every batch (MAE, RMSE). */
abstract sealed class ErrorMean implements Metric permits MeanAbsoluteError, RootMeanSquaredError {
    private double sum;
    private long count;

    /** The summand of one error (prediction - target). */
    abstract double of(double error);

    @Override
    public void update(Tensor output, Tensor target) {
        double[][] pt = Inputs.regression(name(), output, target);
        double[] p = pt[0], t = pt[1];
        for (int i = 0; i < p.length; i++) sum += of(p[i] - t[i]);
        count += p.length;
    }

    /** The mean of the summands (NaN before any). */
    double mean() { return count == 0 ? Double.NaN : sum / count; }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }
}

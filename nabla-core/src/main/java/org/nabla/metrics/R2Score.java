package org.nabla.metrics;

import org.nabla.tensor.Tensor;

/**
 * The coefficient of determination R² = 1 - SS_res / SS_tot of each output column over every sample seen, averaged
 * over the columns of [N, D] outputs (scikit-learn's {@code r2_score}, multioutput "uniform_average"). A column with
 * constant targets scores 1 when predicted exactly, else 0 (scikit-learn's {@code force_finite}). The target
 * variance is accumulated with Welford's update, so it does not suffer from cancellation.
 */
public final class R2Score implements Metric {
    private long n;
    private double[] mean, m2, residual; // per column: target mean, sum of squared deviations, sum of squared errors

    @Override public String name() { return "r2"; }

    @Override
    public void update(Tensor output, Tensor target) {
        double[][] pt = Inputs.regression("r2", output, target);
        double[] p = pt[0], t = pt[1];
        int rows = output.size(0), cols = p.length / Math.max(rows, 1);
        if (mean == null) {
            mean = new double[cols];
            m2 = new double[cols];
            residual = new double[cols];
        } else if (cols != mean.length) {
            throw new IllegalArgumentException("r2: " + cols + " outputs per sample after " + mean.length + " in earlier batches");
        }
        for (int i = 0; i < rows; i++) {
            n++;
            for (int j = 0, at = i * cols; j < cols; j++, at++) {
                double d = t[at] - mean[j];
                mean[j] += d / n;
                m2[j] += d * (t[at] - mean[j]);
                double e = t[at] - p[at];
                residual[j] += e * e;
            }
        }
    }

    @Override
    public double compute() {
        if (n == 0) return Double.NaN;
        double sum = 0;
        for (int j = 0; j < mean.length; j++) {
            if (m2[j] == 0) sum += residual[j] == 0 ? 1 : 0;
            else sum += 1 - residual[j] / m2[j];
        }
        return sum / mean.length;
    }

    @Override
    public void reset() {
        n = 0;
        mean = m2 = residual = null;
    }
}

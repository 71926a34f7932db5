package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import org.nabla.tensor.Generator;

/**
 * Degree-9 polynomials fitted by ridge regression (closed form) to 25 noisy samples of sin(2πx), over many seeded
 * draws of the data: bias², variance and test error for a low, medium and high λ.
 */
final class BiasVarianceLab implements Lab {
    static final int DEGREE = 9, POINTS = 25;
    static final double NOISE = 0.3;
    static final double[] LAMBDAS = {1e-7, 1e-3, 10};

    @Override
    public String claim() {
        return "A flexible model with little regularisation (low λ) fits each training set closely — low bias, high variance, over-fitting; "
                + "strong regularisation (high λ) gives a stiff fit — high bias, low variance, under-fitting; a medium λ balances the two and "
                + "has the lowest test error.";
    }

    @Override
    public LabReport run(LabRun run) {
        int draws = run.size(500, 50), grid = 100;
        double[] xs = new double[grid];
        for (int i = 0; i < grid; i++) xs[i] = (i + 0.5) / grid;
        LabReport report = new LabReport("bias-variance", claim()).columns("λ", "bias²", "variance", "train MSE", "test MSE (bias² + variance + noise)");
        double[] bias2 = new double[3], variance = new double[3], test = new double[3];
        List<Charts.Series> fits = new ArrayList<>();
        double[] truth = new double[grid];
        for (int i = 0; i < grid; i++) truth[i] = Math.sin(2 * Math.PI * xs[i]);
        fits.add(Charts.Series.line("sin(2πx)", xs, truth));
        for (int l = 0; l < 3; l++) {
            double[][] preds = new double[draws][];
            double train = 0;
            for (int d = 0; d < draws; d++) {
                Generator g = new Generator(run.seed() * 1000 + d);
                double[] x = new double[POINTS], y = new double[POINTS];
                for (int i = 0; i < POINTS; i++) {
                    x[i] = g.nextDouble();
                    y[i] = Math.sin(2 * Math.PI * x[i]) + NOISE * g.nextGaussian();
                }
                double[] w = ridge(x, y, LAMBDAS[l]);
                preds[d] = new double[grid];
                for (int i = 0; i < grid; i++) preds[d][i] = poly(w, xs[i]);
                for (int i = 0; i < POINTS; i++) train += Math.pow(poly(w, x[i]) - y[i], 2) / (POINTS * draws);
                if (d == 0) fits.add(Charts.Series.line("λ = " + LAMBDAS[l] + " (one draw)", xs, preds[d]));
            }
            for (int i = 0; i < grid; i++) {
                double mean = 0, var = 0;
                for (double[] p : preds) mean += p[i] / draws;
                for (double[] p : preds) var += (p[i] - mean) * (p[i] - mean) / draws;
                bias2[l] += (mean - truth[i]) * (mean - truth[i]) / grid;
                variance[l] += var / grid;
            }
            test[l] = bias2[l] + variance[l] + NOISE * NOISE;
            report.row(LAMBDAS[l], bias2[l], variance[l], train, test[l]);
        }
        Charts.lines(run.png("fits"), "Degree-" + DEGREE + " ridge fits to " + POINTS + " noisy points", "x", "y", fits, false, false);
        report.figure(run.png("fits"), "One fit per λ against the true function");
        report.note("Over " + draws + " seeded training sets; noise σ = " + NOISE + "; bias² and variance averaged over 100 points of [0, 1].");
        // bias² at the lowest λ is estimated from fits of huge variance, so its estimate is noisy (error ~ variance / draws):
        // the claim is judged on the high λ's bias, the ordering of the variances and where the test error is lowest
        boolean confirmed = bias2[2] > Math.max(bias2[0], bias2[1]) && variance[0] > variance[1] && variance[1] > variance[2]
                && test[1] < test[0] && test[1] < test[2];
        return report.verdict(confirmed, String.format(java.util.Locale.ROOT, "bias² %s / %s / %s and variance %s / %s / %s for λ = 1e-7 / 1e-3 / 10; "
                + "test MSE %s / %s / %s (lowest at the medium λ: %s).", LabReport.f(bias2[0]), LabReport.f(bias2[1]), LabReport.f(bias2[2]),
                LabReport.f(variance[0]), LabReport.f(variance[1]), LabReport.f(variance[2]), LabReport.f(test[0]), LabReport.f(test[1]),
                LabReport.f(test[2]), test[1] < test[0] && test[1] < test[2] ? "yes" : "no"));
    }

    static double poly(double[] w, double x) {
        double s = 0;
        for (int k = w.length - 1; k >= 0; k--) s = s * x + w[k];
        return s;
    }

    /** argmin ‖Xw − y‖² + λ‖w‖² for the powers x⁰..x^DEGREE, by the normal equations (Gaussian elimination with pivoting). */
    static double[] ridge(double[] x, double[] y, double lambda) {
        int p = DEGREE + 1;
        double[][] a = new double[p][p + 1];
        for (int i = 0; i < x.length; i++) {
            double[] f = new double[p];
            for (int k = 0; k < p; k++) f[k] = Math.pow(x[i], k);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) a[r][c] += f[r] * f[c];
                a[r][p] += f[r] * y[i];
            }
        }
        for (int r = 0; r < p; r++) a[r][r] += lambda;
        for (int c = 0; c < p; c++) {
            int piv = c;
            for (int r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
            for (int r = 0; r < p; r++) {
                if (r == c) continue;
                double m = a[r][c] / a[c][c];
                for (int k = c; k <= p; k++) a[r][k] -= m * a[c][k];
            }
        }
        double[] w = new double[p];
        for (int r = 0; r < p; r++) w[r] = a[r][p] / a[r][r];
        return w;
    }
}

package org.nabla.metrics;

/**
 * Student's t-tests for whether two configurations differ, over scores of several seeded runs: paired (the same
 * seeds/folds for both, scipy.stats.ttest_rel) and Welch's unequal-variance test (independent runs,
 * scipy.stats.ttest_ind(equal_var=False)). The p-values are two-sided.
 */
public final class TTest {
    private TTest() {}

    /** t statistic, degrees of freedom and two-sided p-value; {@link #significant} compares p with alpha. */
    public record Result(double t, double df, double pValue) {
        public boolean significant(double alpha) { return pValue < alpha; }

        @Override
        public String toString() { return String.format("t = %.4f, df = %.3f, p = %.4g", t, df, pValue); }
    }

    /**
     * Paired t-test of a[i] against b[i]: t = mean(d) / (sd(d) / sqrt(n)) with d = a - b, df = n - 1. When every
     * difference is equal, t is ±infinity (p = 0), or NaN if they are all zero (as scipy).
     */
    public static Result paired(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("paired t-test: samples differ in length: " + a.length + " vs " + b.length);
        int n = a.length;
        if (n < 2) throw new IllegalArgumentException("paired t-test: needs at least 2 pairs, got " + n);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = a[i] - b[i];
        double mean = mean(d), var = variance(d, mean);
        double t = mean / Math.sqrt(var / n);
        double df = n - 1;
        return new Result(t, df, StudentT.twoSidedP(t, df));
    }

    /**
     * Welch's t-test: t = (mean(a) - mean(b)) / sqrt(va/na + vb/nb) with sample variances, and the
     * Welch–Satterthwaite degrees of freedom (va/na + vb/nb)^2 / ((va/na)^2/(na-1) + (vb/nb)^2/(nb-1)).
     */
    public static Result welch(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("Welch t-test: each sample needs at least 2 values, got " + a.length + " and " + b.length);
        }
        double ma = mean(a), mb = mean(b);
        double qa = variance(a, ma) / a.length, qb = variance(b, mb) / b.length;
        double t = (ma - mb) / Math.sqrt(qa + qb);
        double df = (qa + qb) * (qa + qb) / (qa * qa / (a.length - 1) + qb * qb / (b.length - 1));
        return new Result(t, df, Double.isNaN(df) ? Double.NaN : StudentT.twoSidedP(t, df));
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    /** Sample variance (n - 1 denominator). */
    private static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) s += (v - mean) * (v - mean);
        return s / (x.length - 1);
    }
}

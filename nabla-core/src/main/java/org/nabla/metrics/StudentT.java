package org.nabla.metrics;

/**
 * Student's t distribution and the special functions under it: log-gamma (Lanczos) and the regularized
 * incomplete beta function I_x(a, b) by Lentz's continued fraction (Numerical Recipes, 3rd ed., section 6.4).
 */
public final class StudentT {
    private StudentT() {}

    private static final double[] LANCZOS = {
        57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
        .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4, .158088703224912494e-3,
        -.210264441724104883e-3, .217439618115212643e-3, -.164318106536763890e-3, .844182239838527433e-4,
        -.261908384015814087e-4, .368991826595316234e-5};

    /** ln Γ(x) for x > 0 (Lanczos approximation, g = 671/128, about 15 significant digits). */
    public static double logGamma(double x) {
        if (!(x > 0)) throw new IllegalArgumentException("logGamma: x must be positive, got " + x);
        double y = x, tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.log(tmp) - tmp;
        double ser = 0.999999999999997092;
        for (double c : LANCZOS) ser += c / ++y;
        return tmp + Math.log(2.5066282746310005 * ser / x);
    }

    /** Regularized incomplete beta I_x(a, b) for a, b > 0 and x in [0, 1]. */
    public static double incompleteBeta(double a, double b, double x) {
        if (!(a > 0) || !(b > 0)) throw new IllegalArgumentException("incompleteBeta: a and b must be positive, got a=" + a + ", b=" + b);
        if (!(x >= 0 && x <= 1)) throw new IllegalArgumentException("incompleteBeta: x must be in [0, 1], got " + x);
        if (x == 0 || x == 1) return x;
        double lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) otherwise.
        if (x < (a + 1) / (a + b + 2)) return Math.exp(lnFront) * betaFraction(a, b, x) / a;
        return 1 - Math.exp(lnFront) * betaFraction(b, a, 1 - x) / b;
    }

    /** Continued fraction for the incomplete beta, modified Lentz's method. */
    private static double betaFraction(double a, double b, double x) {
        final double tiny = 1e-300, eps = 1e-16;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        if (Math.abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < eps) return h;
        }
        throw new ArithmeticException("incompleteBeta: continued fraction did not converge for a=" + a + ", b=" + b + ", x=" + x);
    }

    /** P(T <= t) for T with df degrees of freedom (df > 0, not necessarily whole). */
    public static double cdf(double t, double df) {
        if (!(df > 0)) throw new IllegalArgumentException("Student t cdf: degrees of freedom must be positive, got " + df);
        if (Double.isNaN(t)) return Double.NaN;
        if (Double.isInfinite(t)) return t > 0 ? 1 : 0;
        // P(|T| > |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2).
        double tail = incompleteBeta(df / 2, 0.5, df / (df + t * t)) / 2;
        return t > 0 ? 1 - tail : tail;
    }

    /** Two-sided p-value P(|T| >= |t|). */
    public static double twoSidedP(double t, double df) {
        if (!(df > 0)) throw new IllegalArgumentException("Student t p-value: degrees of freedom must be positive, got " + df);
        if (Double.isNaN(t)) return Double.NaN;
        if (Double.isInfinite(t)) return 0;
        return incompleteBeta(df / 2, 0.5, df / (df + t * t));
    }
}

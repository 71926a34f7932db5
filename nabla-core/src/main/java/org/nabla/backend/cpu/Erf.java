package org.nabla.backend.cpu;

/**
 * The error function in double precision, from W. J. Cody's rational Chebyshev approximations ("Rational
 * Chebyshev approximations for the error function", Math. Comp. 23, 1969; the coefficients of Netlib's
 * SPECFUN CALERF): a rational function of x^2 for |x| <= 0.46875, and erfc(|x|) exp(x^2) as a rational function
 * of |x| on (0.46875, 4] and of 1/x^2 beyond. Relative error about 1e-16.
 */
final class Erf {
    private Erf() {}

    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
            3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
            2.84423683343917062e03};
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
            2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
            1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
            1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
            1.23033935480374942e03};
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
            1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
            6.05183413124413191e-2, 2.33520497626869185e-3};
    private static final double ONE_OVER_SQRT_PI = 5.6418958354775628695e-1;
    /** erfc(x) underflows to 0 beyond this. */
    private static final double X_BIG = 26.543;

    static double erf(double x) {
        double y = Math.abs(x);
        if (y <= 0.46875) {
            double z = y * y;
            double num = A[4] * z, den = z;
            for (int i = 0; i < 3; i++) {
                num = (num + A[i]) * z;
                den = (den + B[i]) * z;
            }
            return x * (num + A[3]) / (den + B[3]);
        }
        double erfc; // erfc(y) for y > 0.46875 (NaN falls through to here and stays NaN)
        if (y <= 4) {
            double num = C[8] * y, den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            erfc = expMinusSquare(y) * (num + C[7]) / (den + D[7]);
        } else if (y >= X_BIG) {
            erfc = 0;
        } else {
            double z = 1 / (y * y);
            double num = P[5] * z, den = z;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * z;
                den = (den + Q[i]) * z;
            }
            erfc = expMinusSquare(y) * (ONE_OVER_SQRT_PI - z * (num + P[4]) / (den + Q[4])) / y;
        }
        double r = (0.5 - erfc) + 0.5;
        return x < 0 ? -r : r;
    }

    /** exp(-y^2), with y^2 split as a short part plus a small remainder so that the rounding of y^2 is not amplified. */
    private static double expMinusSquare(double y) {
        double s = Math.floor(y * 16) / 16;
        return Math.exp(-s * s) * Math.exp(-(y - s) * (y + s));
    }
}

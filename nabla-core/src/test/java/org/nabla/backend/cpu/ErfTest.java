package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nabla.backend.UnaryOp;

class ErfTest {

    /** erf(x) rounded to double from 40-digit mpmath values, across all three of Cody's intervals and their edges. */
    private static final double[][] KNOWN = {
            {0.0, 0.0},
            {1e-300, 1.1283791670955126e-300},
            {1e-10, 1.1283791670955126e-10},
            {1e-05, 1.1283791670579e-05},
            {0.1, 0.1124629160182849},
            {0.3, 0.3286267594591274},
            {0.46875, 0.49261347321793797},
            {0.46876, 0.4926225311068465},
            {0.5, 0.5204998778130465},
            {0.75, 0.7111556336535151},
            {1.0, 0.8427007929497149},
            {1.5, 0.9661051464753108},
            {2.0, 0.9953222650189527},
            {2.5, 0.999593047982555},
            {3.0, 0.9999779095030014},
            {3.9999, 0.9999999845700388},
            {4.0, 0.9999999845827421},
            {4.0001, 0.9999999845954353},
            {4.5, 0.9999999998033839},
            {5.0, 0.9999999999984626},
            {5.5, 0.9999999999999927},
            {6.0, 1.0},
            {-0.2, -0.22270258921047847},
            {-1.25, -0.9229001282564583},
            {-3.7, -0.9999998328489421},
            {-5.2, -0.9999999999998075},
    };

    @Test
    void matchesHighPrecisionValuesToTwoUlps() {
        for (double[] k : KNOWN)
            assertThat(Math.abs(Erf.erf(k[0]) - k[1])).as("erf(%s)", k[0]).isLessThanOrEqualTo(2 * Math.ulp(k[1]));
    }

    @Test
    void isOddBoundedAndMonotone() {
        double prev = -1;
        for (double x = -7; x <= 7; x += 1.0 / 64) {
            double y = Erf.erf(x);
            assertThat(Erf.erf(-x)).isEqualTo(-y);
            assertThat(y).as("erf(%s)", x).isBetween(-1.0, 1.0).isGreaterThanOrEqualTo(prev);
            prev = y;
        }
    }

    @Test
    void limitsAndNaN() {
        assertThat(Erf.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Erf.erf(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(Erf.erf(30)).isEqualTo(1.0);
        assertThat(Erf.erf(-0.0)).isEqualTo(-0.0);
        assertThat(Erf.erf(Double.NaN)).isNaN();
    }

    @Test
    void float32AndFloat64KernelsAgree() {
        float[] xf = {-3f, -0.25f, 0f, 0.4f, 1.75f, 4.5f};
        double[] xd = new double[xf.length];
        for (int i = 0; i < xf.length; i++) xd[i] = xf[i];
        float[] of = new float[xf.length];
        double[] od = new double[xf.length];
        FloatKernels.unary(UnaryOp.ERF, xf, 0, 1, of, 0, xf.length);
        DoubleKernels.unary(UnaryOp.ERF, xd, 0, 1, od, 0, xd.length);
        for (int i = 0; i < xf.length; i++) assertThat(of[i]).isEqualTo((float) od[i]).isEqualTo((float) Erf.erf(xd[i]));
    }
}

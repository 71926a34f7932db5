package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** FastMath's float32 exp, sigmoid, tanh and GELU: their accuracy against Math's, and vector lanes with the scalar bits in every JIT tier. */
class FastMathTest {
    /** -100 to 100 in steps of 1/64, then values near 0 and the clamp bounds. */
    private static float[] grid() {
        float[] g = new float[12_800 + 8 + 8];
        for (int i = 0; i < 12_800; i++) g[i] = -100f + i / 64f;
        float[] extra = {0f, -0f, 1e-8f, -1e-8f, 1e-4f, -1e-4f, 87f, -87f, 88f, -88f, 89f, -90f, 0.3465736f, -0.3465736f, 1f, -1f};
        System.arraycopy(extra, 0, g, 12_800, extra.length);
        return g;
    }

    @Test
    void expSigmoidAndTanhAreCloseToMath() {
        for (float x : grid()) {
            double e = Math.exp(Math.min(Math.max(x, -87), 88));
            assertThat((double) FastMath.exp(x)).as("exp(%s)", x).isCloseTo(e, org.assertj.core.data.Offset.offset(3e-7 * e));
            double s = 1 / (1 + Math.exp(-x));
            assertThat((double) FastMath.sigmoid(x)).as("sigmoid(%s)", x).isCloseTo(s, org.assertj.core.data.Offset.offset(2e-7 * s + 1e-37));
            assertThat((double) FastMath.tanh(x)).as("tanh(%s)", x).isCloseTo(Math.tanh(x), org.assertj.core.data.Offset.offset(2e-7));
        }
        assertThat(FastMath.tanh(-0.5f)).isEqualTo(-FastMath.tanh(0.5f));
        for (float x : grid()) {
            double cdf = 0.5 * (1 + Erf.erf(x / Math.sqrt(2))), pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            assertThat((double) FastMath.gelu(x)).as("gelu(%s)", x).isCloseTo(x * cdf, org.assertj.core.data.Offset.offset(2e-7 * (1 + Math.abs(x))));
            assertThat((double) FastMath.geluGrad(x)).as("gelu'(%s)", x).isCloseTo(cdf + x * pdf, org.assertj.core.data.Offset.offset(3e-7));
        }
        assertThat(Float.isNaN(FastMath.sigmoid(Float.NaN))).isTrue();
    }

    /** The gate passes' vector loops and their scalar tails must agree bit for bit, before and after C2 compiles them. */
    @Test
    void rowsGiveTheScalarBitsInEveryJitTier() {
        float[] x = grid();
        int n = x.length;
        float[] s = new float[n + 1], t = new float[n + 1], g = new float[n + 1], dg = new float[n + 1], e = new float[n + 1];
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        for (int round = 0; round < 3_000; round++) {
            FastMath.sigmoid(x, 0, s, 1, n);
            FastMath.tanh(x, 0, t, 1, n);
            FastMath.gelu(x, 0, g, 1, n);
            FastMath.geluBackward(ones, 0, x, 0, dg, 1, n);
            float sum = FastMath.expShifted(x, 0, 3f, e, 1, n);
            if (round == 0 || round == 2_999) {
                assertThat(sum).as("sum of exp(x - 3)").isGreaterThan(0f);
                for (int i = 0; i < n; i++) {
                    assertThat(s[i + 1]).as("sigmoid(%s) round %d", x[i], round).isEqualTo(FastMath.sigmoid(x[i]));
                    assertThat(t[i + 1]).as("tanh(%s) round %d", x[i], round).isEqualTo(FastMath.tanh(x[i]));
                    assertThat(g[i + 1]).as("gelu(%s) round %d", x[i], round).isEqualTo(FastMath.gelu(x[i]));
                    assertThat(dg[i + 1]).as("gelu'(%s) round %d", x[i], round).isEqualTo(FastMath.geluGrad(x[i]));
                    float d = x[i] - 3f;
                    assertThat(e[i + 1]).as("exp(%s - 3) round %d", x[i], round).isEqualTo(d < -87f ? 0f : FastMath.exp(d));
                }
            }
        }
    }
}

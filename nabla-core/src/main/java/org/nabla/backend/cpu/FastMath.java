package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, sigmoid and tanh for float32 gate passes, as vectors and as scalars that give the same bits lane for lane.
 * Only IEEE-exact operations (add, mul, div, min, max, bit moves) are used, never the Vector API's transcendental
 * operators, so a result does not depend on whether C2 compiled the loop (see CONTRIBUTING, "Seeded runs").
 * exp is Cephes' expf: x = n ln 2 + r with |r| <= ln 2 / 2, a degree-6 polynomial in r, scaled by 2^n built from
 * its bits (about 1 ulp; arguments clamped to [-87, 88], so the result is never denormal or infinite).
 * tanh(v) = sign(v) (1 - e) / (1 + e) with e = exp(-2|v|): absolute error below 2e-7.
 * GELU x Phi(x) and its derivative Phi(x) + x phi(x) share e = exp(-x^2 / 2): Phi through erf by Abramowitz and
 * Stegun 7.1.26, erf(z) = 1 - (a1 t + ... + a5 t^5) exp(-z^2) with t = 1 / (1 + p z) for z >= 0 (absolute error
 * below 1.5e-7; PyTorch's vectorised erf is the same formula).
 */
final class FastMath {
    private static final VectorSpecies<Float> S = Simd.FLOAT;
    private static final float LOG2E = 1.44269504088896341f, C1 = 0.693359375f, C2 = -2.12194440e-4f;
    private static final float MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer held in the low bits
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f, P3 = 4.1665795894e-2f,
            P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    private static final float LO = -87f, HI = 88f;

    private FastMath() {}

    static float exp(float x) {
        x = Math.min(Math.max(x, LO), HI);
        float t = x * LOG2E + MAGIC;
        float n = t - MAGIC;
        int bits = Float.floatToRawIntBits(t) - MAGIC_BITS;
        float r = x - n * C1;
        r = r - n * C2;
        float p = P0;
        p = p * r + P1;
        p = p * r + P2;
        p = p * r + P3;
        p = p * r + P4;
        p = p * r + P5;
        p = p * (r * r) + r + 1f;
        return p * Float.intBitsToFloat((bits + 127) << 23);
    }

    static FloatVector exp(FloatVector x) {
        x = x.max(LO).min(HI);
        FloatVector t = x.mul(LOG2E).add(MAGIC);
        FloatVector n = t.sub(MAGIC);
        IntVector bits = (IntVector) t.reinterpretAsInts();
        bits = bits.sub(MAGIC_BITS);
        FloatVector r = x.sub(n.mul(C1));
        r = r.sub(n.mul(C2));
        FloatVector p = FloatVector.broadcast(S, P0);
        p = p.mul(r).add(P1);
        p = p.mul(r).add(P2);
        p = p.mul(r).add(P3);
        p = p.mul(r).add(P4);
        p = p.mul(r).add(P5);
        p = p.mul(r.mul(r)).add(r).add(1f);
        FloatVector scale = (FloatVector) bits.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    static float sigmoid(float v) { return 1f / (1f + exp(-v)); }

    static FloatVector sigmoid(FloatVector v) { return ONE.div(exp(v.neg()).add(1f)); }

    static float tanh(float v) {
        float e = exp(-2f * Math.abs(v));
        float t = (1f - e) / (1f + e);
        return v < 0 ? -t : t;
    }

    static FloatVector tanh(FloatVector v) {
        FloatVector e = exp(v.abs().mul(-2f));
        FloatVector t = ONE.sub(e).div(ONE.add(e));
        return t.blend(t.neg(), v.compare(VectorOperators.LT, 0f));
    }

    private static final float ERF_P = 0.3275911f, A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f,
            A5 = 1.061405429f;
    private static final float SQRT_HALF = 0.70710678118654752f, INV_SQRT_2PI = 0.39894228040143268f;

    /** Half the tail mass erfc(|x| / sqrt 2) / 2, from e = exp(-x^2 / 2): Phi(x) is 1 - it for x >= 0, it for x < 0. */
    private static float tail(float x, float e) {
        float t = 1f / (1f + ERF_P * (Math.abs(x) * SQRT_HALF));
        float p = A5;
        p = p * t + A4;
        p = p * t + A3;
        p = p * t + A2;
        p = p * t + A1;
        return 0.5f * (p * t) * e;
    }

    private static FloatVector tail(FloatVector x, FloatVector e) {
        FloatVector t = ONE.div(x.abs().mul(SQRT_HALF).mul(ERF_P).add(1f));
        FloatVector p = FloatVector.broadcast(S, A5);
        p = p.mul(t).add(A4);
        p = p.mul(t).add(A3);
        p = p.mul(t).add(A2);
        p = p.mul(t).add(A1);
        return p.mul(t).mul(0.5f).mul(e);
    }

    /** The standard normal CDF Phi(x). */
    private static float cdf(float x, float e) {
        float q = tail(x, e);
        return x >= 0 ? 1f - q : q;
    }

    private static FloatVector cdf(FloatVector x, FloatVector e) {
        FloatVector q = tail(x, e);
        return q.blend(ONE.sub(q), x.compare(VectorOperators.GE, 0f));
    }

    static float gelu(float x) { return x * cdf(x, exp(-0.5f * (x * x))); }

    static FloatVector gelu(FloatVector x) { return x.mul(cdf(x, exp(x.mul(x).mul(-0.5f)))); }

    /** d/dx GELU = Phi(x) + x phi(x). */
    static float geluGrad(float x) {
        float e = exp(-0.5f * (x * x));
        return cdf(x, e) + x * (e * INV_SQRT_2PI);
    }

    static FloatVector geluGrad(FloatVector x) {
        FloatVector e = exp(x.mul(x).mul(-0.5f));
        return cdf(x, e).add(x.mul(e.mul(INV_SQRT_2PI)));
    }

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
}

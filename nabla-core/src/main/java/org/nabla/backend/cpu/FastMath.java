package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, sigmoid and tanh for float32 gate passes (and GELU and softmax's exponentials), as vectors and as scalars that give the same bits lane for lane.
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
    private static final int L = S.length();
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

    static float sigmoid(float v) { return 1f / (1f + exp(-v)); }

    static float tanh(float v) {
        float e = exp(-2f * Math.abs(v));
        float t = (1f - e) / (1f + e);
        return v < 0 ? -t : t;
    }

    /**
     * y[iy..iy+n) = sigmoid(x[ix..]), the scalar function's bits (in place when the ranges are the same). The vector
     * exp is written out in the loop body, not called: as a method of its own C2 compiled it apart (too large to
     * inline at first) and then would not inline the compiled code, so every vector was boxed.
     */
    static void sigmoid(float[] x, int ix, float[] y, int iy, int n) {
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += L) {
            FloatVector a = FloatVector.fromArray(S, x, ix + j).neg().max(LO).min(HI);
            FloatVector t = a.mul(LOG2E).add(MAGIC);
            FloatVector k = t.sub(MAGIC);
            FloatVector r = a.sub(k.mul(C1)).sub(k.mul(C2));
            FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5).mul(r.mul(r)).add(r).add(1f);
            FloatVector scale = (FloatVector) ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            ONE.div(p.mul(scale).add(1f)).intoArray(y, iy + j);
        }
        for (; j < n; j++) y[iy + j] = sigmoid(x[ix + j]);
    }

    /** y[iy..iy+n) = tanh(x[ix..]), the scalar function's bits (in place when the ranges are the same); see {@link #sigmoid(float[], int, float[], int, int)}. */
    static void tanh(float[] x, int ix, float[] y, int iy, int n) {
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, ix + j);
            FloatVector a = v.abs().mul(-2f).max(LO).min(HI);
            FloatVector t = a.mul(LOG2E).add(MAGIC);
            FloatVector k = t.sub(MAGIC);
            FloatVector r = a.sub(k.mul(C1)).sub(k.mul(C2));
            FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5).mul(r.mul(r)).add(r).add(1f);
            FloatVector scale = (FloatVector) ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(scale);
            FloatVector th = ONE.sub(e).div(ONE.add(e));
            th.blend(th.neg(), v.compare(VectorOperators.LT, 0f)).intoArray(y, iy + j);
        }
        for (; j < n; j++) y[iy + j] = tanh(x[ix + j]);
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

    /** The standard normal CDF Phi(x). */
    private static float cdf(float x, float e) {
        float q = tail(x, e);
        return x >= 0 ? 1f - q : q;
    }

    static float gelu(float x) { return x * cdf(x, exp(-0.5f * (x * x))); }

    /** d/dx GELU = Phi(x) + x phi(x). */
    static float geluGrad(float x) {
        float e = exp(-0.5f * (x * x));
        return cdf(x, e) + x * (e * INV_SQRT_2PI);
    }

    /** y[iy..iy+n) = gelu(x[ix..]), the scalar function's bits; exp and Phi written out in the loop body (see sigmoid). */
    static void gelu(float[] x, int ix, float[] y, int iy, int n) {
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, ix + j);
            FloatVector a = v.mul(v).mul(-0.5f).max(LO).min(HI);
            FloatVector t = a.mul(LOG2E).add(MAGIC);
            FloatVector k = t.sub(MAGIC);
            FloatVector r = a.sub(k.mul(C1)).sub(k.mul(C2));
            FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5).mul(r.mul(r)).add(r).add(1f);
            FloatVector scale = (FloatVector) ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(scale);
            FloatVector tt = ONE.div(v.abs().mul(SQRT_HALF).mul(ERF_P).add(1f));
            FloatVector q = tt.mul(A5).add(A4).mul(tt).add(A3).mul(tt).add(A2).mul(tt).add(A1).mul(tt).mul(0.5f).mul(e);
            v.mul(q.blend(ONE.sub(q), v.compare(VectorOperators.GE, 0f))).intoArray(y, iy + j);
        }
        for (; j < n; j++) y[iy + j] = gelu(x[ix + j]);
    }

    /** y[iy..iy+n) = g[ig..] * gelu'(x[ix..]), the scalar function's bits: GELU's backward. */
    static void geluBackward(float[] g, int ig, float[] x, int ix, float[] y, int iy, int n) {
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, ix + j);
            FloatVector a = v.mul(v).mul(-0.5f).max(LO).min(HI);
            FloatVector t = a.mul(LOG2E).add(MAGIC);
            FloatVector k = t.sub(MAGIC);
            FloatVector r = a.sub(k.mul(C1)).sub(k.mul(C2));
            FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5).mul(r.mul(r)).add(r).add(1f);
            FloatVector scale = (FloatVector) ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(scale);
            FloatVector tt = ONE.div(v.abs().mul(SQRT_HALF).mul(ERF_P).add(1f));
            FloatVector q = tt.mul(A5).add(A4).mul(tt).add(A3).mul(tt).add(A2).mul(tt).add(A1).mul(tt).mul(0.5f).mul(e);
            FloatVector cdf = q.blend(ONE.sub(q), v.compare(VectorOperators.GE, 0f));
            FloatVector.fromArray(S, g, ig + j).mul(cdf.add(v.mul(e.mul(INV_SQRT_2PI)))).intoArray(y, iy + j);
        }
        for (; j < n; j++) y[iy + j] = g[ig + j] * geluGrad(x[ix + j]);
    }

    /**
     * o[io..io+n) = exp(x[ix..] - m), 0 where x - m < -87 (a -inf logit gives exactly 0), and returns their sum: the
     * lanes' partial sums added in lane order, then the tail, so the bits do not depend on the JIT (softmax rows).
     */
    static float expShifted(float[] x, int ix, float m, float[] o, int io, int n) {
        int j = 0;
        FloatVector sum = FloatVector.zero(S);
        for (int end = S.loopBound(n); j < end; j += L) {
            FloatVector d = FloatVector.fromArray(S, x, ix + j).sub(m);
            FloatVector a = d.max(LO).min(HI);
            FloatVector t = a.mul(LOG2E).add(MAGIC);
            FloatVector k = t.sub(MAGIC);
            FloatVector r = a.sub(k.mul(C1)).sub(k.mul(C2));
            FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5).mul(r.mul(r)).add(r).add(1f);
            FloatVector scale = (FloatVector) ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(scale).blend(0f, d.compare(VectorOperators.LT, LO));
            e.intoArray(o, io + j);
            sum = sum.add(e);
        }
        float s = 0;
        if (j > 0) for (int lane = 0; lane < L; lane++) s += sum.lane(lane);
        for (; j < n; j++) {
            float d = x[ix + j] - m;
            float e = d < LO ? 0f : exp(d);
            o[io + j] = e;
            s += e;
        }
        return s;
    }

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
}

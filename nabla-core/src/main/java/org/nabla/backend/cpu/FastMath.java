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

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
}

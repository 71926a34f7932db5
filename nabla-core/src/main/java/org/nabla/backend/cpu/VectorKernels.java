package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nabla.backend.BinaryOp;
import org.nabla.backend.UnaryOp;

/**
 * Float32 rows that are contiguous (step 1), or a contiguous row against a broadcast scalar (step 0), with the
 * Vector API. Returns false when a case is not covered, and the caller runs its scalar loop. Transcendental
 * functions (exp, log, tanh, sigmoid) are not covered on purpose: the Vector API's EXP/LOG/TANH give different last
 * bits before and after C2 compiles the loop (Java fallback vs vector math library), which made seeded training
 * runs differ from process to process; the scalar Math functions give the same bits in every tier.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = Simd.FLOAT;
    private static final int L = S.length();

    private VectorKernels() {}

    static boolean unary(UnaryOp op, float[] x, int ix, int sx, float[] o, int io, int n) {
        if (sx != 1 || n < L) return false;
        int i = 0, end = S.loopBound(n);
        // One loop per op, the operator a constant in each: a loop over a variable operator (or a helper returning
        // vectors) is not intrinsified, and C2 boxes every vector.
        switch (op) {
            case NEG -> { for (; i < end; i += L) FloatVector.fromArray(S, x, ix + i).neg().intoArray(o, io + i); }
            case SQRT -> { for (; i < end; i += L) FloatVector.fromArray(S, x, ix + i).sqrt().intoArray(o, io + i); }
            case ABS -> { for (; i < end; i += L) FloatVector.fromArray(S, x, ix + i).abs().intoArray(o, io + i); }
            case RELU -> { for (; i < end; i += L) FloatVector.fromArray(S, x, ix + i).max(0f).intoArray(o, io + i); }
            case GELU -> {
                FastMath.gelu(x, ix, o, io, n);
                return true;
            }
            default -> { return false; }
        }
        if (i < n) FloatKernels.unaryScalar(op, x, ix + i, 1, o, io + i, n - i);
        return true;
    }

    /** Rows where each operand is contiguous (step 1) or one broadcast value (step 0), not both broadcast. */
    static boolean binary(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        if (n < L || op == BinaryOp.POW || (sa | sb) > 1 || (sa | sb) < 0 || (sa == 0 && sb == 0)) return false;
        // A broadcast operand is read once; at() picks it or the next contiguous vector (a loop-invariant test).
        FloatVector x0 = FloatVector.broadcast(S, a[ia]), y0 = FloatVector.broadcast(S, b[ib]);
        int i = 0, end = S.loopBound(n);
        switch (op) {
            case ADD -> { for (; i < end; i += L) at(a, ia, sa, i, x0).add(at(b, ib, sb, i, y0)).intoArray(o, io + i); }
            case SUB -> { for (; i < end; i += L) at(a, ia, sa, i, x0).sub(at(b, ib, sb, i, y0)).intoArray(o, io + i); }
            case MUL -> { for (; i < end; i += L) at(a, ia, sa, i, x0).mul(at(b, ib, sb, i, y0)).intoArray(o, io + i); }
            case DIV -> { for (; i < end; i += L) at(a, ia, sa, i, x0).div(at(b, ib, sb, i, y0)).intoArray(o, io + i); }
            case MAXIMUM -> { for (; i < end; i += L) at(a, ia, sa, i, x0).max(at(b, ib, sb, i, y0)).intoArray(o, io + i); }
            case MINIMUM -> { for (; i < end; i += L) at(a, ia, sa, i, x0).min(at(b, ib, sb, i, y0)).intoArray(o, io + i); }
            case RELU_BACKWARD -> { for (; i < end; i += L) ZERO.blend(at(a, ia, sa, i, x0), at(b, ib, sb, i, y0).compare(VectorOperators.GT, 0f)).intoArray(o, io + i); }
            case GELU_BACKWARD -> {
                if (sa != 1 || sb != 1) return false;
                FastMath.geluBackward(a, ia, b, ib, o, io, n);
                return true;
            }
            // Comparisons give 1 or 0, like the scalar kernel (NaN compares false, and unequal).
            case EQ -> { for (; i < end; i += L) ZERO.blend(ONE, at(a, ia, sa, i, x0).compare(VectorOperators.EQ, at(b, ib, sb, i, y0))).intoArray(o, io + i); }
            case NE -> { for (; i < end; i += L) ZERO.blend(ONE, at(a, ia, sa, i, x0).compare(VectorOperators.NE, at(b, ib, sb, i, y0))).intoArray(o, io + i); }
            case LT -> { for (; i < end; i += L) ZERO.blend(ONE, at(a, ia, sa, i, x0).compare(VectorOperators.LT, at(b, ib, sb, i, y0))).intoArray(o, io + i); }
            case LE -> { for (; i < end; i += L) ZERO.blend(ONE, at(a, ia, sa, i, x0).compare(VectorOperators.LE, at(b, ib, sb, i, y0))).intoArray(o, io + i); }
            case GT -> { for (; i < end; i += L) ZERO.blend(ONE, at(a, ia, sa, i, x0).compare(VectorOperators.GT, at(b, ib, sb, i, y0))).intoArray(o, io + i); }
            case GE -> { for (; i < end; i += L) ZERO.blend(ONE, at(a, ia, sa, i, x0).compare(VectorOperators.GE, at(b, ib, sb, i, y0))).intoArray(o, io + i); }
            default -> { return false; }
        }
        if (i < n) FloatKernels.binaryScalar(op, a, ia + i * sa, sa, b, ib + i * sb, sb, o, io + i, n - i);
        return true;
    }

    /**
     * o = cond != 0 ? a : b along a row (NaN in cond counts as true, as in the scalar kernel); vectorised where every
     * operand is contiguous (step 1) or one broadcast value (step 0), a scalar loop otherwise.
     */
    static void where(float[] c, int ic, int sc, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int i = 0;
        if (n >= L && (sc | sa | sb) >= 0 && (sc | sa | sb) <= 1) {
            FloatVector c0 = FloatVector.broadcast(S, c[ic]), x0 = FloatVector.broadcast(S, a[ia]), y0 = FloatVector.broadcast(S, b[ib]);
            for (int end = S.loopBound(n); i < end; i += L)
                at(b, ib, sb, i, y0).blend(at(a, ia, sa, i, x0), at(c, ic, sc, i, c0).compare(VectorOperators.NE, 0f)).intoArray(o, io + i);
        }
        for (; i < n; i++) o[io + i] = c[ic + i * sc] != 0 ? a[ia + i * sa] : b[ib + i * sb];
    }

    /** The vector at row position i of an operand with step 0 (its broadcast value) or 1. */
    private static FloatVector at(float[] v, int start, int step, int i, FloatVector broadcast) {
        return step == 0 ? broadcast : FloatVector.fromArray(S, v, start + i);
    }

    private static final FloatVector ZERO = FloatVector.zero(S), ONE = FloatVector.broadcast(S, 1f);

    /** y[iy..iy+n) += alpha * x[ix..ix+n), both contiguous; the product is rounded before the sum, as in Java's y += a * x. */
    static void axpy(float alpha, float[] x, int ix, float[] y, int iy, int n) {
        int i = 0, end = S.loopBound(n);
        for (; i < end; i += L) FloatVector.fromArray(S, x, ix + i).mul(alpha).add(FloatVector.fromArray(S, y, iy + i)).intoArray(y, iy + i);
        for (; i < n; i++) y[iy + i] += alpha * x[ix + i];
    }

    /** y[iy..iy+n) = beta * y + alpha * x[ix..ix+n), contiguous, each product rounded: the bits of scale then axpy. */
    static void axpby(float alpha, float[] x, int ix, float beta, float[] y, int iy, int n) {
        int i = 0, end = S.loopBound(n);
        for (; i < end; i += L)
            FloatVector.fromArray(S, y, iy + i).mul(beta).add(FloatVector.fromArray(S, x, ix + i).mul(alpha)).intoArray(y, iy + i);
        for (; i < n; i++) y[iy + i] = beta * y[iy + i] + alpha * x[ix + i];
    }

    /** y[iy..iy+n) *= alpha, contiguous. */
    static void scale(float alpha, float[] y, int iy, int n) {
        int i = 0, end = S.loopBound(n);
        for (; i < end; i += L) FloatVector.fromArray(S, y, iy + i).mul(alpha).intoArray(y, iy + i);
        for (; i < n; i++) y[iy + i] *= alpha;
    }
}

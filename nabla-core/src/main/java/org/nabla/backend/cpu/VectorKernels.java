package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nabla.backend.BinaryOp;
import org.nabla.backend.UnaryOp;

/**
 * Float32 rows that are contiguous (step 1), or a contiguous row against a broadcast scalar (step 0), with the
 * Vector API; transcendental functions use the JDK's vector math (SVML on x86). Returns false when a case is
 * not covered, and the caller runs its scalar loop.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKernels() {}

    static boolean unary(UnaryOp op, float[] x, int ix, int sx, float[] o, int io, int n) {
        if (sx != 1 || n < L) return false;
        VectorOperators.Unary vop = switch (op) {
            case NEG -> VectorOperators.NEG;
            case EXP -> VectorOperators.EXP;
            case LOG -> VectorOperators.LOG;
            case SQRT -> VectorOperators.SQRT;
            case ABS -> VectorOperators.ABS;
            case TANH -> VectorOperators.TANH;
            default -> null;
        };
        int i = 0, end = S.loopBound(n);
        if (vop != null) {
            for (; i < end; i += L) FloatVector.fromArray(S, x, ix + i).lanewise(vop).intoArray(o, io + i);
        } else if (op == UnaryOp.RELU) {
            for (; i < end; i += L) FloatVector.fromArray(S, x, ix + i).max(0f).intoArray(o, io + i);
        } else if (op == UnaryOp.SIGMOID) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (; i < end; i += L) one.div(FloatVector.fromArray(S, x, ix + i).neg().lanewise(VectorOperators.EXP).add(one)).intoArray(o, io + i);
        } else {
            return false;
        }
        if (i < n) FloatKernels.unaryScalar(op, x, ix + i, 1, o, io + i, n - i);
        return true;
    }

    static boolean binary(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        if (n < L || op == BinaryOp.POW) return false;
        int i = 0, end = S.loopBound(n);
        if (sa == 1 && sb == 1) {
            for (; i < end; i += L) {
                FloatVector x = FloatVector.fromArray(S, a, ia + i), y = FloatVector.fromArray(S, b, ib + i);
                apply(op, x, y).intoArray(o, io + i);
            }
        } else if (sa == 1 && sb == 0) {
            FloatVector y = FloatVector.broadcast(S, b[ib]);
            for (; i < end; i += L) apply(op, FloatVector.fromArray(S, a, ia + i), y).intoArray(o, io + i);
        } else if (sa == 0 && sb == 1) {
            FloatVector x = FloatVector.broadcast(S, a[ia]);
            for (; i < end; i += L) apply(op, x, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        } else {
            return false;
        }
        if (i < n) FloatKernels.binaryScalar(op, a, ia + i * sa, sa, b, ib + i * sb, sb, o, io + i, n - i);
        return true;
    }

    private static final FloatVector ZERO = FloatVector.zero(S), ONE = FloatVector.broadcast(S, 1f);

    private static FloatVector apply(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            // Comparisons give 1 or 0, like the scalar kernel (NaN compares false, and unequal).
            case EQ -> ZERO.blend(ONE, x.compare(VectorOperators.EQ, y));
            case NE -> ZERO.blend(ONE, x.compare(VectorOperators.NE, y));
            case LT -> ZERO.blend(ONE, x.compare(VectorOperators.LT, y));
            case LE -> ZERO.blend(ONE, x.compare(VectorOperators.LE, y));
            case GT -> ZERO.blend(ONE, x.compare(VectorOperators.GT, y));
            case GE -> ZERO.blend(ONE, x.compare(VectorOperators.GE, y));
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAXIMUM -> x.max(y);
            case MINIMUM -> x.min(y);
            default -> throw new IllegalStateException("no vector form for " + op);
        };
    }
}

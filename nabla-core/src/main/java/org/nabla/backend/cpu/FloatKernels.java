package org.nabla.backend.cpu;

import org.nabla.backend.BinaryOp;
import org.nabla.backend.UnaryOp;

/** Inner loops for float32: contiguous rows go to {@link VectorKernels}, others to one switch per row and a plain loop. */
final class FloatKernels {
    private FloatKernels() {}

    static void unary(UnaryOp op, float[] x, int ix, int sx, float[] o, int io, int n) {
        if (!VectorKernels.unary(op, x, ix, sx, o, io, n)) unaryScalar(op, x, ix, sx, o, io, n);
    }

    static void unaryScalar(UnaryOp op, float[] x, int ix, int sx, float[] o, int io, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) o[io + i] = -x[ix + i * sx]; }
            case EXP -> { for (int i = 0; i < n; i++) o[io + i] = (float) Math.exp(x[ix + i * sx]); }
            case LOG -> { for (int i = 0; i < n; i++) o[io + i] = (float) Math.log(x[ix + i * sx]); }
            case SQRT -> { for (int i = 0; i < n; i++) o[io + i] = (float) Math.sqrt(x[ix + i * sx]); }
            case ABS -> { for (int i = 0; i < n; i++) o[io + i] = Math.abs(x[ix + i * sx]); }
            case SIGN -> { for (int i = 0; i < n; i++) o[io + i] = Math.signum(x[ix + i * sx]); }
            case TANH -> { for (int i = 0; i < n; i++) o[io + i] = (float) Math.tanh(x[ix + i * sx]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) o[io + i] = (float) (1.0 / (1.0 + Math.exp(-x[ix + i * sx]))); }
            case RELU -> { for (int i = 0; i < n; i++) o[io + i] = Math.max(x[ix + i * sx], 0f); }
            case SIN -> { for (int i = 0; i < n; i++) o[io + i] = (float) Math.sin(x[ix + i * sx]); }
            case COS -> { for (int i = 0; i < n; i++) o[io + i] = (float) Math.cos(x[ix + i * sx]); }
            case FLOOR -> { for (int i = 0; i < n; i++) o[io + i] = (float) Math.floor(x[ix + i * sx]); }
            case CEIL -> { for (int i = 0; i < n; i++) o[io + i] = (float) Math.ceil(x[ix + i * sx]); }
            case ERF -> { for (int i = 0; i < n; i++) o[io + i] = (float) Erf.erf(x[ix + i * sx]); }
            case GELU -> { for (int i = 0; i < n; i++) o[io + i] = FastMath.gelu(x[ix + i * sx]); }
        }
    }

    static void binary(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        if (!VectorKernels.binary(op, a, ia, sa, b, ib, sb, o, io, n)) binaryScalar(op, a, ia, sa, b, ib, sb, o, io, n);
    }

    static void binaryScalar(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] + b[ib + i * sb]; }
            case SUB -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] - b[ib + i * sb]; }
            case MUL -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] * b[ib + i * sb]; }
            case DIV -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] / b[ib + i * sb]; }
            case POW -> { for (int i = 0; i < n; i++) o[io + i] = (float) Math.pow(a[ia + i * sa], b[ib + i * sb]); }
            case MAXIMUM -> { for (int i = 0; i < n; i++) o[io + i] = Math.max(a[ia + i * sa], b[ib + i * sb]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) o[io + i] = Math.min(a[ia + i * sa], b[ib + i * sb]); }
            case RELU_BACKWARD -> { for (int i = 0; i < n; i++) o[io + i] = b[ib + i * sb] > 0 ? a[ia + i * sa] : 0f; }
            case GELU_BACKWARD -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] * FastMath.geluGrad(b[ib + i * sb]); }
            case EQ -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] == b[ib + i * sb] ? 1f : 0f; }
            case NE -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] != b[ib + i * sb] ? 1f : 0f; }
            case LT -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] < b[ib + i * sb] ? 1f : 0f; }
            case LE -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] <= b[ib + i * sb] ? 1f : 0f; }
            case GT -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] > b[ib + i * sb] ? 1f : 0f; }
            case GE -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] >= b[ib + i * sb] ? 1f : 0f; }
        }
    }
}

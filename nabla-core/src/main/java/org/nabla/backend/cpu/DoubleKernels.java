package org.nabla.backend.cpu;

import org.nabla.backend.BinaryOp;
import org.nabla.backend.UnaryOp;

/** Inner loops for float64: one switch per row, then a plain loop the JIT can vectorise. */
final class DoubleKernels {
    private DoubleKernels() {}
    private static final double SQRT_HALF = Math.sqrt(0.5), INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    static void unary(UnaryOp op, double[] x, int ix, int sx, double[] o, int io, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) o[io + i] = -x[ix + i * sx]; }
            case EXP -> { for (int i = 0; i < n; i++) o[io + i] = Math.exp(x[ix + i * sx]); }
            case LOG -> { for (int i = 0; i < n; i++) o[io + i] = Math.log(x[ix + i * sx]); }
            case SQRT -> { for (int i = 0; i < n; i++) o[io + i] = Math.sqrt(x[ix + i * sx]); }
            case ABS -> { for (int i = 0; i < n; i++) o[io + i] = Math.abs(x[ix + i * sx]); }
            case SIGN -> { for (int i = 0; i < n; i++) o[io + i] = Math.signum(x[ix + i * sx]); }
            case TANH -> { for (int i = 0; i < n; i++) o[io + i] = Math.tanh(x[ix + i * sx]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) o[io + i] = (1.0 / (1.0 + Math.exp(-x[ix + i * sx]))); }
            case RELU -> { for (int i = 0; i < n; i++) o[io + i] = Math.max(x[ix + i * sx], 0.0); }
            case SIN -> { for (int i = 0; i < n; i++) o[io + i] = Math.sin(x[ix + i * sx]); }
            case COS -> { for (int i = 0; i < n; i++) o[io + i] = Math.cos(x[ix + i * sx]); }
            case FLOOR -> { for (int i = 0; i < n; i++) o[io + i] = Math.floor(x[ix + i * sx]); }
            case CEIL -> { for (int i = 0; i < n; i++) o[io + i] = Math.ceil(x[ix + i * sx]); }
            case ERF -> { for (int i = 0; i < n; i++) o[io + i] = Erf.erf(x[ix + i * sx]); }
            case GELU -> { for (int i = 0; i < n; i++) { double v = x[ix + i * sx]; o[io + i] = 0.5 * v * (1 + Erf.erf(v * SQRT_HALF)); } }
        }
    }

    static void binary(BinaryOp op, double[] a, int ia, int sa, double[] b, int ib, int sb, double[] o, int io, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] + b[ib + i * sb]; }
            case SUB -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] - b[ib + i * sb]; }
            case MUL -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] * b[ib + i * sb]; }
            case DIV -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] / b[ib + i * sb]; }
            case POW -> { for (int i = 0; i < n; i++) o[io + i] = Math.pow(a[ia + i * sa], b[ib + i * sb]); }
            case MAXIMUM -> { for (int i = 0; i < n; i++) o[io + i] = Math.max(a[ia + i * sa], b[ib + i * sb]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) o[io + i] = Math.min(a[ia + i * sa], b[ib + i * sb]); }
            case RELU_BACKWARD -> { for (int i = 0; i < n; i++) o[io + i] = b[ib + i * sb] > 0 ? a[ia + i * sa] : 0.0; }
            case GELU_BACKWARD -> {
                for (int i = 0; i < n; i++) {
                    double v = b[ib + i * sb];
                    o[io + i] = a[ia + i * sa] * (0.5 * (1 + Erf.erf(v * SQRT_HALF)) + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI);
                }
            }
            case EQ -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] == b[ib + i * sb] ? 1.0 : 0.0; }
            case NE -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] != b[ib + i * sb] ? 1.0 : 0.0; }
            case LT -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] < b[ib + i * sb] ? 1.0 : 0.0; }
            case LE -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] <= b[ib + i * sb] ? 1.0 : 0.0; }
            case GT -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] > b[ib + i * sb] ? 1.0 : 0.0; }
            case GE -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i * sa] >= b[ib + i * sb] ? 1.0 : 0.0; }
        }
    }

    /** out[io..] (+)= a[M,K] x b[K,N], both row-major contiguous, i-k-j order so the inner loop streams b and out. */
    static void matmul(double[] a, int ia, double[] b, int ib, double[] o, int io, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int orow = io + i * n;
            for (int p = 0; p < k; p++) {
                double av = a[ia + i * k + p];
                int brow = ib + p * n;
                for (int j = 0; j < n; j++) o[orow + j] += av * b[brow + j];
            }
        }
    }
}

package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nabla.tensor.Storage;

/**
 * log_softmax and its backward along one dim of a contiguous tensor, one pass per row instead of the six
 * elementwise ops and reductions the composed form takes. A row is the {@code size} elements along the dim,
 * {@code inner} apart, for each of the {@code outer * inner} positions of the other dims. The float arithmetic is
 * the composed form's: exponentials rounded to the dtype, sums accumulated in double and rounded once.
 */
final class SoftmaxKernels {
    private SoftmaxKernels() {}

    private static final VectorSpecies<Float> S = Simd.FLOAT;
    private static final int L = S.length();

    // ------------------------------------------------------------ softmax

    /**
     * out = exp(x - m) / sum(exp(x - m)) along the row, m its max. Float32 rows along the last dim run vectorised
     * on the threads with FastMath's exp (vector lanes and scalar tails give the same bits; the sum is kept per lane
     * and added in a fixed order, so the result does not depend on the JIT); the rest as the composed form.
     */
    static Storage softmax(Storage x, int outer, int size, int inner) {
        return switch (x) {
            case Storage.F32(float[] a) -> {
                float[] o = new float[a.length];
                if (inner == 1) Parallel.forRange(outer, 1, (from, n) -> { for (int r = from; r < from + n; r++) softmaxRow(a, o, r * size, size); });
                else
                    for (int r = 0; r < outer * inner; r++) {
                        int base = (r / inner) * size * inner + r % inner;
                        float m = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < size; i++) m = Math.max(m, a[base + i * inner]);
                        double sum = 0;
                        for (int i = 0; i < size; i++) sum += o[base + i * inner] = (float) Math.exp(a[base + i * inner] - m);
                        float s = (float) sum;
                        for (int i = 0; i < size; i++) o[base + i * inner] /= s;
                    }
                yield new Storage.F32(o);
            }
            case Storage.F64(double[] a) -> {
                double[] o = new double[a.length];
                for (int r = 0; r < outer * inner; r++) {
                    int base = (r / inner) * size * inner + r % inner;
                    double m = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < size; i++) m = Math.max(m, a[base + i * inner]);
                    double sum = 0;
                    for (int i = 0; i < size; i++) sum += o[base + i * inner] = Math.exp(a[base + i * inner] - m);
                    for (int i = 0; i < size; i++) o[base + i * inner] /= sum;
                }
                yield new Storage.F64(o);
            }
            default -> throw new IllegalArgumentException("softmax: needs a floating dtype, got " + x.dtype());
        };
    }

    private static void softmaxRow(float[] a, float[] o, int base, int n) {
        int end = n >= L ? S.loopBound(n) : 0, i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (end > 0) {
            FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; i < end; i += L) mv = mv.max(FloatVector.fromArray(S, a, base + i));
            m = mv.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, a[base + i]);
        float sum = FastMath.expShifted(a, base, m, o, base, n);
        float inv = 1f / sum;
        i = 0;
        for (; i < end; i += L) FloatVector.fromArray(S, o, base + i).mul(inv).intoArray(o, base + i);
        for (; i < n; i++) o[base + i] *= inv;
    }

    /** dx = out * (g - sum(g * out)) along the row. */
    static Storage softmaxBackward(Storage g, Storage out, int outer, int size, int inner) {
        return switch (g) {
            case Storage.F32(float[] a) -> {
                float[] y = ((Storage.F32) out).data(), o = new float[a.length];
                if (inner == 1) Parallel.forRange(outer, 1, (from, n) -> { for (int r = from; r < from + n; r++) softmaxBackwardRow(a, y, o, r * size, size); });
                else
                    for (int r = 0; r < outer * inner; r++) {
                        int base = (r / inner) * size * inner + r % inner;
                        double sum = 0;
                        for (int i = 0; i < size; i++) sum += a[base + i * inner] * y[base + i * inner];
                        float s = (float) sum;
                        for (int i = 0; i < size; i++) o[base + i * inner] = y[base + i * inner] * (a[base + i * inner] - s);
                    }
                yield new Storage.F32(o);
            }
            case Storage.F64(double[] a) -> {
                double[] y = ((Storage.F64) out).data(), o = new double[a.length];
                for (int r = 0; r < outer * inner; r++) {
                    int base = (r / inner) * size * inner + r % inner;
                    double sum = 0;
                    for (int i = 0; i < size; i++) sum += a[base + i * inner] * y[base + i * inner];
                    for (int i = 0; i < size; i++) o[base + i * inner] = y[base + i * inner] * (a[base + i * inner] - sum);
                }
                yield new Storage.F64(o);
            }
            default -> throw new IllegalArgumentException("softmax backward: needs a floating dtype, got " + g.dtype());
        };
    }

    private static void softmaxBackwardRow(float[] g, float[] y, float[] o, int base, int n) {
        int end = n >= L ? S.loopBound(n) : 0, i = 0;
        FloatVector sv = FloatVector.zero(S);
        for (; i < end; i += L) sv = sv.add(FloatVector.fromArray(S, g, base + i).mul(FloatVector.fromArray(S, y, base + i)));
        float[] lanes = new float[L];
        sv.intoArray(lanes, 0);
        float s = 0;
        for (float v : lanes) s += v;
        for (; i < n; i++) s += g[base + i] * y[base + i];
        i = 0;
        for (; i < end; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, base + i);
            FloatVector.fromArray(S, y, base + i).mul(gv.sub(s)).intoArray(o, base + i);
        }
        for (; i < n; i++) o[base + i] = y[base + i] * (g[base + i] - s);
    }

    // ------------------------------------------------------------ log_softmax

    /** out = x - m - log(sum(exp(x - m))) along the row, m its max (0 when the max is infinite). */
    static Storage logSoftmax(Storage x, int outer, int size, int inner) {
        return switch (x) {
            case Storage.F32(float[] a) -> {
                float[] o = new float[a.length];
                for (int r = 0; r < outer * inner; r++) {
                    int base = (r / inner) * size * inner + r % inner;
                    float m = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < size; i++) m = Math.max(m, a[base + i * inner]);
                    if (Float.isInfinite(m)) m = 0;
                    double sum = 0;
                    for (int i = 0; i < size; i++) sum += (float) Math.exp(a[base + i * inner] - m);
                    float log = (float) Math.log((float) sum);
                    for (int i = 0; i < size; i++) o[base + i * inner] = (a[base + i * inner] - m) - log;
                }
                yield new Storage.F32(o);
            }
            case Storage.F64(double[] a) -> {
                double[] o = new double[a.length];
                for (int r = 0; r < outer * inner; r++) {
                    int base = (r / inner) * size * inner + r % inner;
                    double m = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < size; i++) m = Math.max(m, a[base + i * inner]);
                    if (Double.isInfinite(m)) m = 0;
                    double sum = 0;
                    for (int i = 0; i < size; i++) sum += Math.exp(a[base + i * inner] - m);
                    double log = Math.log(sum);
                    for (int i = 0; i < size; i++) o[base + i * inner] = (a[base + i * inner] - m) - log;
                }
                yield new Storage.F64(o);
            }
            default -> throw new IllegalArgumentException("log_softmax: needs a floating dtype, got " + x.dtype());
        };
    }

    /** dx = g - exp(out) * sum(g) along the row, out being log_softmax's output. */
    static Storage logSoftmaxBackward(Storage g, Storage out, int outer, int size, int inner) {
        return switch (g) {
            case Storage.F32(float[] a) -> {
                float[] y = ((Storage.F32) out).data(), o = new float[a.length];
                for (int r = 0; r < outer * inner; r++) {
                    int base = (r / inner) * size * inner + r % inner;
                    double sum = 0;
                    for (int i = 0; i < size; i++) sum += a[base + i * inner];
                    float s = (float) sum;
                    for (int i = 0; i < size; i++) {
                        int at = base + i * inner;
                        o[at] = a[at] - (float) Math.exp(y[at]) * s;
                    }
                }
                yield new Storage.F32(o);
            }
            case Storage.F64(double[] a) -> {
                double[] y = ((Storage.F64) out).data(), o = new double[a.length];
                for (int r = 0; r < outer * inner; r++) {
                    int base = (r / inner) * size * inner + r % inner;
                    double sum = 0;
                    for (int i = 0; i < size; i++) sum += a[base + i * inner];
                    for (int i = 0; i < size; i++) {
                        int at = base + i * inner;
                        o[at] = a[at] - Math.exp(y[at]) * sum;
                    }
                }
                yield new Storage.F64(o);
            }
            default -> throw new IllegalArgumentException("log_softmax backward: needs a floating dtype, got " + g.dtype());
        };
    }
}

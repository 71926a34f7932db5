package org.nabla.backend.cpu;

import org.nabla.tensor.Storage;

/**
 * log_softmax and its backward along one dim of a contiguous tensor, one pass per row instead of the six
 * elementwise ops and reductions the composed form takes. A row is the {@code size} elements along the dim,
 * {@code inner} apart, for each of the {@code outer * inner} positions of the other dims. The float arithmetic is
 * the composed form's: exponentials rounded to the dtype, sums accumulated in double and rounded once.
 */
final class SoftmaxKernels {
    private SoftmaxKernels() {}

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

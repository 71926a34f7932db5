package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nabla.tensor.Storage;

/**
 * Batch normalisation in training of x viewed as [n, c, inner], one channel per task: forward in two
 * reading passes and one writing pass (mean, centred variance, out), backward in one reading pass (the sums of g and
 * g (x - mean)) and one writing pass, instead of the dozen elementwise ops and reductions of the composed form. A
 * channel's [n, inner] values (512 KB for a batch of 128 32x32 maps) stay in cache between passes. Sums of a row of
 * inner values are taken in float vectors and added in double; every channel is summed by one thread in a fixed
 * order, so results do not depend on timing. x's samples may lie apart (sample i's [c, inner] block contiguous at
 * xOffset + i * xStride): a channel slice of a larger tensor, such as a DenseNet block's growing features, is read in
 * place. Outputs and gradients are contiguous [n, c, inner].
 */
final class BatchNormKernels {
    private static final VectorSpecies<Float> S = Simd.FLOAT;
    private static final int L = S.length();

    private BatchNormKernels() {}

    /** {out, mean, var, rstd} ([c] each but out): out = (x - mean) * rstd * w + b, var biased, rstd = 1 / sqrt(var + eps); w, b [c] or null. */
    static Storage[] forward(Storage x, int xOffset, int xStride, int n, int c, int inner, Storage w, Storage b, double eps) {
        long count = (long) n * inner;
        int size = n * c * inner;
        return switch (x) {
            case Storage.F32(float[] a) -> {
                float[] o = new float[size], mean = new float[c], var = new float[c], rstd = new float[c];
                float[] wv = w == null ? null : ((Storage.F32) w).data(), bv = b == null ? null : ((Storage.F32) b).data();
                Parallel.forRange(c, 1, (from, k) -> {
                    for (int ch = from; ch < from + k; ch++) {
                        double s = 0;
                        for (int i = 0; i < n; i++) s += rowSum(a, xOffset + i * xStride + ch * inner, inner);
                        float m = (float) (s / count);
                        double v = 0;
                        for (int i = 0; i < n; i++) v += rowSquares(a, xOffset + i * xStride + ch * inner, inner, m);
                        float rs = (float) (1 / Math.sqrt(v / count + eps));
                        mean[ch] = m;
                        var[ch] = (float) (v / count);
                        rstd[ch] = rs;
                        float scale = wv == null ? rs : rs * wv[ch], shift = bv == null ? 0 : bv[ch];
                        for (int i = 0; i < n; i++) affineRow(a, xOffset + i * xStride + ch * inner, o, (i * c + ch) * inner, inner, m, scale, shift);
                    }
                });
                yield new Storage[] {new Storage.F32(o), new Storage.F32(mean), new Storage.F32(var), new Storage.F32(rstd)};
            }
            case Storage.F64(double[] a) -> {
                double[] o = new double[size], mean = new double[c], var = new double[c], rstd = new double[c];
                double[] wv = w == null ? null : ((Storage.F64) w).data(), bv = b == null ? null : ((Storage.F64) b).data();
                for (int ch = 0; ch < c; ch++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) for (int j = 0, base = xOffset + i * xStride + ch * inner; j < inner; j++) s += a[base + j];
                    double m = s / count, v = 0;
                    for (int i = 0; i < n; i++)
                        for (int j = 0, base = xOffset + i * xStride + ch * inner; j < inner; j++) v += (a[base + j] - m) * (a[base + j] - m);
                    double rs = 1 / Math.sqrt(v / count + eps), scale = wv == null ? rs : rs * wv[ch], shift = bv == null ? 0 : bv[ch];
                    mean[ch] = m;
                    var[ch] = v / count;
                    rstd[ch] = rs;
                    for (int i = 0; i < n; i++)
                        for (int j = 0, base = xOffset + i * xStride + ch * inner, ob = (i * c + ch) * inner; j < inner; j++)
                            o[ob + j] = (a[base + j] - m) * scale + shift;
                }
                yield new Storage[] {new Storage.F64(o), new Storage.F64(mean), new Storage.F64(var), new Storage.F64(rstd)};
            }
            default -> throw new IllegalArgumentException("batch_norm: needs a floating dtype, got " + x.dtype());
        };
    }

    /**
     * {dx, dw, db} of {@link #forward} from the upstream g and the saved mean and rstd (dw and db null without w). Per
     * channel, with Sg = sum g and Sgc = sum g (x - mean): dw = rstd Sgc, db = Sg and
     * dx = w rstd (g - Sg / count - (x - mean) rstd^2 Sgc / count).
     */
    static Storage[] backward(Storage g, Storage x, int xOffset, int xStride, Storage mean, Storage rstd, Storage w, int n, int c, int inner) {
        long count = (long) n * inner;
        int size = n * c * inner;
        return switch (x) {
            case Storage.F32(float[] a) -> {
                float[] gv = ((Storage.F32) g).data(), mv = ((Storage.F32) mean).data(), rv = ((Storage.F32) rstd).data();
                float[] wv = w == null ? null : ((Storage.F32) w).data();
                float[] dx = new float[size], dw = new float[c], db = new float[c];
                Parallel.forRange(c, 1, (from, k) -> {
                    double[] sums = new double[2];
                    for (int ch = from; ch < from + k; ch++) {
                        float m = mv[ch], rs = rv[ch];
                        double sg = 0, sgc = 0;
                        for (int i = 0; i < n; i++) {
                            rowGradSums(gv, (i * c + ch) * inner, a, xOffset + i * xStride + ch * inner, inner, m, sums);
                            sg += sums[0];
                            sgc += sums[1];
                        }
                        dw[ch] = (float) (rs * sgc);
                        db[ch] = (float) sg;
                        float wc = wv == null ? 1 : wv[ch];
                        // dx = k1 g + k2 (x - mean) + k3
                        float k1 = wc * rs, k2 = (float) (-wc * rs * rs * rs * sgc / count), k3 = (float) (-wc * rs * sg / count);
                        for (int i = 0; i < n; i++)
                            gradRow(gv, a, xOffset + i * xStride + ch * inner, dx, (i * c + ch) * inner, inner, m, k1, k2, k3);
                    }
                });
                yield wv == null ? new Storage[] {new Storage.F32(dx), null, null} : new Storage[] {new Storage.F32(dx), new Storage.F32(dw), new Storage.F32(db)};
            }
            case Storage.F64(double[] a) -> {
                double[] gv = ((Storage.F64) g).data(), mv = ((Storage.F64) mean).data(), rv = ((Storage.F64) rstd).data();
                double[] wv = w == null ? null : ((Storage.F64) w).data();
                double[] dx = new double[size], dw = new double[c], db = new double[c];
                for (int ch = 0; ch < c; ch++) {
                    double m = mv[ch], rs = rv[ch], sg = 0, sgc = 0;
                    for (int i = 0; i < n; i++)
                        for (int j = 0, base = (i * c + ch) * inner, xb = xOffset + i * xStride + ch * inner; j < inner; j++) {
                            sg += gv[base + j];
                            sgc += gv[base + j] * (a[xb + j] - m);
                        }
                    dw[ch] = rs * sgc;
                    db[ch] = sg;
                    double wc = wv == null ? 1 : wv[ch], k1 = wc * rs, k2 = -wc * rs * rs * rs * sgc / count, k3 = -wc * rs * sg / count;
                    for (int i = 0; i < n; i++)
                        for (int j = 0, base = (i * c + ch) * inner, xb = xOffset + i * xStride + ch * inner; j < inner; j++)
                            dx[base + j] = k1 * gv[base + j] + k2 * (a[xb + j] - m) + k3;
                }
                yield wv == null ? new Storage[] {new Storage.F64(dx), null, null} : new Storage[] {new Storage.F64(dx), new Storage.F64(dw), new Storage.F64(db)};
            }
            default -> throw new IllegalArgumentException("batch_norm backward: needs a floating dtype, got " + x.dtype());
        };
    }

    private static double rowSum(float[] a, int base, int len) {
        int j = 0, end = S.loopBound(len);
        double s = 0;
        if (end > 0) {
            FloatVector acc = FloatVector.zero(S);
            for (; j < end; j += L) acc = acc.add(FloatVector.fromArray(S, a, base + j));
            s = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; j < len; j++) s += a[base + j];
        return s;
    }

    private static double rowSquares(float[] a, int base, int len, float m) {
        int j = 0, end = S.loopBound(len);
        double s = 0;
        if (end > 0) {
            FloatVector acc = FloatVector.zero(S), mv = FloatVector.broadcast(S, m);
            for (; j < end; j += L) {
                FloatVector d = FloatVector.fromArray(S, a, base + j).sub(mv);
                acc = d.fma(d, acc);
            }
            s = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; j < len; j++) {
            float d = a[base + j] - m;
            s += d * d;
        }
        return s;
    }

    private static void affineRow(float[] a, int base, float[] o, int oBase, int len, float m, float scale, float shift) {
        int j = 0, end = S.loopBound(len);
        if (end > 0) {
            FloatVector mv = FloatVector.broadcast(S, m), sc = FloatVector.broadcast(S, scale), sh = FloatVector.broadcast(S, shift);
            for (; j < end; j += L) FloatVector.fromArray(S, a, base + j).sub(mv).fma(sc, sh).intoArray(o, oBase + j);
        }
        for (; j < len; j++) o[oBase + j] = Math.fma(a[base + j] - m, scale, shift);
    }

    /** sums[0] = sum of g, sums[1] = sum of g (x - m) over one row (g's at gBase, x's at base). */
    private static void rowGradSums(float[] g, int gBase, float[] a, int base, int len, float m, double[] sums) {
        int j = 0, end = S.loopBound(len);
        double sg = 0, sgc = 0;
        if (end > 0) {
            FloatVector accG = FloatVector.zero(S), accGc = FloatVector.zero(S), mv = FloatVector.broadcast(S, m);
            for (; j < end; j += L) {
                FloatVector gj = FloatVector.fromArray(S, g, gBase + j);
                accG = accG.add(gj);
                accGc = FloatVector.fromArray(S, a, base + j).sub(mv).fma(gj, accGc);
            }
            sg = accG.reduceLanes(VectorOperators.ADD);
            sgc = accGc.reduceLanes(VectorOperators.ADD);
        }
        for (; j < len; j++) {
            sg += g[gBase + j];
            sgc += g[gBase + j] * (a[base + j] - m);
        }
        sums[0] = sg;
        sums[1] = sgc;
    }

    /** dx = k1 g + k2 (x - m) + k3 over one row: g and dx at base, x at xBase. */
    private static void gradRow(float[] g, float[] a, int xBase, float[] dx, int base, int len, float m, float k1, float k2, float k3) {
        int j = 0, end = S.loopBound(len);
        if (end > 0) {
            FloatVector mv = FloatVector.broadcast(S, m), v1 = FloatVector.broadcast(S, k1), v2 = FloatVector.broadcast(S, k2), v3 = FloatVector.broadcast(S, k3);
            for (; j < end; j += L)
                FloatVector.fromArray(S, g, base + j).fma(v1, FloatVector.fromArray(S, a, xBase + j).sub(mv).fma(v2, v3)).intoArray(dx, base + j);
        }
        for (; j < len; j++) dx[base + j] = Math.fma(g[base + j], k1, Math.fma(a[xBase + j] - m, k2, k3));
    }
}

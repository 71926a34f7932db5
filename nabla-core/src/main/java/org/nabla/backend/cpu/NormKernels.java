package org.nabla.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import org.nabla.tensor.Storage;

/**
 * Layer normalisation of contiguous rows in one pass forward and one back, instead of the dozen elementwise ops and
 * reductions of the composed form. Rows run on the threads; sums are accumulated in double per row, and the weight and
 * bias gradients are summed per chunk of rows and then over the chunks in order, so results do not depend on timing.
 */
final class NormKernels {
    private NormKernels() {}

    /** {out, mean, rstd}: out = (x - mean) * rstd * w + b per row of size, w and b [size] or null. */
    static Storage[] layerNorm(Storage x, int size, Storage w, Storage b, double eps) {
        int rows = x.size() / size;
        return switch (x) {
            case Storage.F32(float[] a) -> {
                float[] o = new float[a.length], mean = new float[rows], rstd = new float[rows];
                float[] wv = w == null ? null : ((Storage.F32) w).data(), bv = b == null ? null : ((Storage.F32) b).data();
                Parallel.forRange(rows, 1, (from, n) -> {
                    for (int r = from; r < from + n; r++) {
                        int base = r * size;
                        double s = 0;
                        for (int i = 0; i < size; i++) s += a[base + i];
                        float m = (float) (s / size);
                        double v = 0;
                        for (int i = 0; i < size; i++) {
                            float c = a[base + i] - m;
                            v += c * c;
                        }
                        float rs = (float) (1 / Math.sqrt(v / size + eps));
                        mean[r] = m;
                        rstd[r] = rs;
                        if (wv == null) for (int i = 0; i < size; i++) o[base + i] = (a[base + i] - m) * rs;
                        else if (bv == null) for (int i = 0; i < size; i++) o[base + i] = (a[base + i] - m) * rs * wv[i];
                        else for (int i = 0; i < size; i++) o[base + i] = (a[base + i] - m) * rs * wv[i] + bv[i];
                    }
                });
                yield new Storage[] {new Storage.F32(o), new Storage.F32(mean), new Storage.F32(rstd)};
            }
            case Storage.F64(double[] a) -> {
                double[] o = new double[a.length], mean = new double[rows], rstd = new double[rows];
                double[] wv = w == null ? null : ((Storage.F64) w).data(), bv = b == null ? null : ((Storage.F64) b).data();
                for (int r = 0; r < rows; r++) {
                    int base = r * size;
                    double s = 0;
                    for (int i = 0; i < size; i++) s += a[base + i];
                    double m = s / size, v = 0;
                    for (int i = 0; i < size; i++) v += (a[base + i] - m) * (a[base + i] - m);
                    double rs = 1 / Math.sqrt(v / size + eps);
                    mean[r] = m;
                    rstd[r] = rs;
                    for (int i = 0; i < size; i++)
                        o[base + i] = (a[base + i] - m) * rs * (wv == null ? 1 : wv[i]) + (bv == null ? 0 : bv[i]);
                }
                yield new Storage[] {new Storage.F64(o), new Storage.F64(mean), new Storage.F64(rstd)};
            }
            default -> throw new IllegalArgumentException("layer_norm: needs a floating dtype, got " + x.dtype());
        };
    }

    /**
     * {dx, dw, db} (dw and db null without w): with x^ = (x - mean) rstd and gw = g * w, dx = rstd (gw - mean(gw) -
     * x^ mean(gw x^)) per row, dw = sum over rows of g x^, db = sum over rows of g.
     */
    static Storage[] layerNormBackward(Storage g, Storage x, Storage mean, Storage rstd, Storage w, int size) {
        int rows = x.size() / size;
        return switch (x) {
            case Storage.F32(float[] a) -> {
                float[] gv = ((Storage.F32) g).data(), mv = ((Storage.F32) mean).data(), rv = ((Storage.F32) rstd).data();
                float[] wv = w == null ? null : ((Storage.F32) w).data();
                float[] dx = new float[a.length];
                List<double[][]> partials = new ArrayList<>();
                Parallel.forRange(rows, 1, (from, n) -> {
                    double[] dw = new double[size], db = new double[size];
                    float[] gw = new float[size], xh = new float[size];
                    for (int r = from; r < from + n; r++) {
                        int base = r * size;
                        float m = mv[r], rs = rv[r];
                        double s1 = 0, s2 = 0;
                        for (int i = 0; i < size; i++) {
                            float gi = gv[base + i], h = (a[base + i] - m) * rs, q = wv == null ? gi : gi * wv[i];
                            xh[i] = h;
                            gw[i] = q;
                            s1 += q;
                            s2 += q * h;
                            dw[i] += gi * h;
                            db[i] += gi;
                        }
                        float c1 = (float) (s1 / size), c2 = (float) (s2 / size);
                        for (int i = 0; i < size; i++) dx[base + i] = rs * (gw[i] - c1 - xh[i] * c2);
                    }
                    synchronized (partials) {
                        partials.add(new double[][] {{from}, dw, db});
                    }
                });
                if (wv == null) yield new Storage[] {new Storage.F32(dx), null, null};
                partials.sort((p, q) -> Double.compare(p[0][0], q[0][0]));
                float[] dw = new float[size], db = new float[size];
                for (int i = 0; i < size; i++) {
                    double sw = 0, sb = 0;
                    for (double[][] p : partials) {
                        sw += p[1][i];
                        sb += p[2][i];
                    }
                    dw[i] = (float) sw;
                    db[i] = (float) sb;
                }
                yield new Storage[] {new Storage.F32(dx), new Storage.F32(dw), new Storage.F32(db)};
            }
            case Storage.F64(double[] a) -> {
                double[] gv = ((Storage.F64) g).data(), mv = ((Storage.F64) mean).data(), rv = ((Storage.F64) rstd).data();
                double[] wv = w == null ? null : ((Storage.F64) w).data();
                double[] dx = new double[a.length], dw = new double[size], db = new double[size], gw = new double[size], xh = new double[size];
                for (int r = 0; r < rows; r++) {
                    int base = r * size;
                    double s1 = 0, s2 = 0;
                    for (int i = 0; i < size; i++) {
                        double gi = gv[base + i], h = (a[base + i] - mv[r]) * rv[r], q = wv == null ? gi : gi * wv[i];
                        xh[i] = h;
                        gw[i] = q;
                        s1 += q;
                        s2 += q * h;
                        dw[i] += gi * h;
                        db[i] += gi;
                    }
                    double c1 = s1 / size, c2 = s2 / size;
                    for (int i = 0; i < size; i++) dx[base + i] = rv[r] * (gw[i] - c1 - xh[i] * c2);
                }
                yield wv == null ? new Storage[] {new Storage.F64(dx), null, null} : new Storage[] {new Storage.F64(dx), new Storage.F64(dw), new Storage.F64(db)};
            }
            default -> throw new IllegalArgumentException("layer_norm backward: needs a floating dtype, got " + x.dtype());
        };
    }
}

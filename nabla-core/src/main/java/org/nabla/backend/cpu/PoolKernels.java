package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.nabla.backend.PoolSpec;
import org.nabla.tensor.Storage;

/**
 * Max and average pooling over contiguous [n, c, h, w] input, one (sample, channel) plane at a time. Max pooling
 * records the winning cell (flat index within the plane, as PyTorch does) so the backward adds each output
 * gradient to its winner; overlapping windows sum their contributions.
 */
final class PoolKernels {
    /**
     * The row path's species: 256 bits at every width. It shuffles the cells of a row within one vector, 8 outputs
     * at a time, which suits rows of 8 or more outputs (LeNet conv1's 14); 16 at a time would leave 14-wide rows to
     * the narrow path, whose interleaving costs more than the row path saves (measured at 512 bits, 2026-12-02).
     */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final int LANES = F.length();
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_256;
    /** The narrow path's species: the kernels' width, planes NARROW_LANES at a time (16 at 512 bits). */
    private static final VectorSpecies<Float> N = Simd.FLOAT;
    private static final int NARROW_LANES = N.length();
    /** Even cells (window column 0) to the low half and odd ones (column 1) to the high half, or the other way. */
    private static final VectorShuffle<Float> EVEN_ODD = VectorShuffle.fromOp(F, i -> i < LANES / 2 ? 2 * i : 2 * (i - LANES / 2) + 1),
            ODD_EVEN = VectorShuffle.fromOp(F, i -> i < LANES / 2 ? 2 * i + 1 : 2 * (i - LANES / 2)),
            SWAP = VectorShuffle.fromOp(F, i -> (i + LANES / 2) % LANES);
    private static final VectorMask<Float> HIGH = VectorMask.fromLong(F, ((1L << LANES) - 1) & ~((1L << LANES / 2) - 1));
    private static final FloatVector ZERO = FloatVector.zero(F), ONE = FloatVector.broadcast(F, 1f),
            COLUMNS = FloatVector.zero(F).addIndex(2);

    private PoolKernels() {}

    /** Returns {values, int64 indices}. NaN wins, as in PyTorch. */
    static Storage[] maxForward(Storage x, PoolSpec s) {
        int oh = s.outH(), ow = s.outW(), planes = s.n() * s.c(), plane = s.h() * s.w(), q = oh * ow;
        Storage out = Storage.allocate(x.dtype(), planes * q);
        long[] idx = new long[planes * q];
        double[] vals = x instanceof Storage.F64(double[] d) ? d : null;
        float[] fvals = x instanceof Storage.F32(float[] f) ? f : null;
        if (vals == null && fvals == null) throw new IllegalArgumentException("max_pool2d: needs float32 or float64, got " + x.dtype());
        if (fvals != null) {
            float[] o32 = ((Storage.F32) out).data();
            if (narrow2x2(s, planes)) {
                Parallel.forRange(planes, NARROW_LANES, (from, count) -> {
                    int p = from;
                    for (; p + NARROW_LANES <= from + count; p += NARROW_LANES)
                        if (!max2x2Narrow(fvals, p, s, o32, idx))
                            for (int i = p; i < p + NARROW_LANES; i++) maxPlane(fvals, i * plane, o32, idx, i * q, s);
                    for (; p < from + count; p++) maxPlane(fvals, p * plane, o32, idx, p * q, s);
                });
            } else {
                parallelPlanes(planes, p -> maxPlane(fvals, p * plane, o32, idx, p * q, s));
            }
            return new Storage[] {out, new Storage.I64(idx)};
        }
        parallelPlanes(planes, p -> {
            int in = p * plane, o = p * q;
            for (int y = 0; y < oh; y++) {
                int y0 = y * s.strideH() - s.padH(), y1 = Math.min(y0 + s.kh(), s.h());
                y0 = Math.max(y0, 0);
                for (int x0w = 0; x0w < ow; x0w++) {
                    int x0 = x0w * s.strideW() - s.padW(), x1 = Math.min(x0 + s.kw(), s.w());
                    x0 = Math.max(x0, 0);
                    int best = -1;
                    double bestV = Double.NEGATIVE_INFINITY;
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++) {
                            int at = iy * s.w() + ix;
                            double v = fvals != null ? fvals[in + at] : vals[in + at];
                            if (best < 0 || v > bestV || Double.isNaN(v) && !Double.isNaN(bestV)) {
                                best = at;
                                bestV = v;
                            }
                        }
                    idx[o] = best;
                    if (fvals != null) ((Storage.F32) out).data()[o] = (float) bestV;
                    else ((Storage.F64) out).data()[o] = bestV;
                    o++;
                }
            }
        });
        return new Storage[] {out, new Storage.I64(idx)};
    }

    /** One float32 plane: the spec's fields in locals, float compares; NaN wins (v != v). */
    private static void maxPlane(float[] x, int in, float[] out, long[] idx, int o, PoolSpec s) {
        int oh = s.outH(), ow = s.outW(), h = s.h(), w = s.w(), kh = s.kh(), kw = s.kw();
        int sh = s.strideH(), sw = s.strideW(), ph = s.padH(), pw = s.padW();
        if (whole2x2(s)) {
            max2x2(x, in, w, oh, ow, out, idx, o);
            return;
        }
        for (int y = 0; y < oh; y++) {
            int y0 = Math.max(y * sh - ph, 0), y1 = Math.min(y * sh - ph + kh, h);
            for (int xo = 0; xo < ow; xo++, o++) {
                int x0 = Math.max(xo * sw - pw, 0), x1 = Math.min(xo * sw - pw + kw, w);
                int best = y0 * w + x0, firstNaN = -1;
                float bestV = x[in + best];
                for (int iy = y0; iy < y1; iy++) {
                    int row = iy * w;
                    for (int ix = x0; ix < x1; ix++) {
                        float v = x[in + row + ix];
                        // Selects rather than branches: on real data the comparison is a coin toss.
                        boolean greater = v > bestV;
                        best = greater ? row + ix : best;
                        bestV = greater ? v : bestV;
                        if (v != v && firstNaN < 0) firstNaN = row + ix;
                    }
                }
                if (firstNaN >= 0) {
                    best = firstNaN;
                    bestV = Float.NaN;
                }
                idx[o] = best;
                out[o] = bestV;
            }
        }
    }

    /**
     * The common 2x2 window at stride 2 with every window inside the plane. Rows of at least {@value #LANES}
     * outputs go {@value #LANES} at a time through the Vector API (the last group overlaps the one before it);
     * narrower rows (when {@link #max2x2Narrow} does not take their planes), and any group holding a NaN, take
     * {@link #max2x2Scalar}. Scalar selects mispredict on real
     * data (a coin toss per comparison), which made this loop a sixth of a LeNet step.
     */
    private static void max2x2(float[] x, int in, int w, int oh, int ow, float[] out, long[] idx, int o) {
        if (ow < LANES || (long) w * 2 * oh >= 1 << 24) {
            max2x2Scalar(x, in, w, oh, ow, 0, ow, out, idx, o);
            return;
        }
        for (int y = 0; y < oh; y++, o += ow) {
            int r0 = 2 * y * w, r1 = r0 + w;
            for (int xo = 0; xo < ow; xo += LANES) {
                int at = Math.min(xo, ow - LANES);
                // Each row's 2 * LANES cells split into window columns 0 (even cells) and 1 (odd cells).
                // Halves sorted even-odd (first vector) and odd-even (second), then blended: one-vector shuffles only.
                FloatVector p0 = FloatVector.fromArray(F, x, in + r0 + 2 * at).rearrange(EVEN_ODD);
                FloatVector p1 = FloatVector.fromArray(F, x, in + r0 + 2 * at + LANES).rearrange(ODD_EVEN);
                FloatVector a = p0.blend(p1, HIGH), b = p1.blend(p0, HIGH).rearrange(SWAP);
                p0 = FloatVector.fromArray(F, x, in + r1 + 2 * at).rearrange(EVEN_ODD);
                p1 = FloatVector.fromArray(F, x, in + r1 + 2 * at + LANES).rearrange(ODD_EVEN);
                FloatVector c = p0.blend(p1, HIGH), d = p1.blend(p0, HIGH).rearrange(SWAP);
                FloatVector sum = a.add(b).add(c).add(d);
                if (sum.compare(VectorOperators.NE, sum).anyTrue()) {  // a NaN (or inf - inf): the ordered scan
                    max2x2Scalar(x, in, w, oh, ow, at, at + LANES, out, idx, o - y * ow, y);
                    continue;
                }
                // Scan order a, b, c, d with strict comparisons: the first of equal values wins.
                VectorMask<Float> gab = b.compare(VectorOperators.GT, a), gcd = d.compare(VectorOperators.GT, c);
                FloatVector top = a.blend(b, gab), bottom = c.blend(d, gcd);
                VectorMask<Float> low = bottom.compare(VectorOperators.GT, top);
                // Window cell offsets 0, 1, w, w + 1 as exact floats (planes stay below 2^24 cells).
                FloatVector cell = ZERO.blend(ONE, gab).blend(FloatVector.broadcast(F, w).blend(w + 1, gcd), low)
                        .add(COLUMNS).add(r0 + 2 * at);
                top.blend(bottom, low).intoArray(out, o + at);
                IntVector cells = (IntVector) cell.convert(VectorOperators.F2I, 0);
                ((LongVector) cells.convertShape(VectorOperators.I2L, LONGS, 0)).intoArray(idx, o + at);
                ((LongVector) cells.convertShape(VectorOperators.I2L, LONGS, 1)).intoArray(idx, o + at + LANES / 2);
            }
        }
    }

    private static void max2x2Scalar(float[] x, int in, int w, int oh, int ow, int x0, int x1, float[] out, long[] idx, int o) {
        for (int y = 0; y < oh; y++) max2x2Scalar(x, in, w, oh, ow, x0, x1, out, idx, o, y);
    }

    /** Outputs x0 .. x1-1 of output row y, in scan order; the first NaN wins. */
    private static void max2x2Scalar(float[] x, int in, int w, int oh, int ow, int x0, int x1, float[] out, long[] idx, int o, int y) {
        int r0 = 2 * y * w, r1 = r0 + w;
        for (int xo = x0, at = o + y * ow + x0; xo < x1; xo++, at++) {
            int c0 = r0 + 2 * xo, c1 = r1 + 2 * xo;
            float a = x[in + c0], b = x[in + c0 + 1], c = x[in + c1], d = x[in + c1 + 1];
            int best = c0;
            float bestV = a;
            if (b > bestV) { best = c0 + 1; bestV = b; }
            if (c > bestV) { best = c1; bestV = c; }
            if (d > bestV) { best = c1 + 1; bestV = d; }
            if (a != a || b != b || c != c || d != d) {
                best = a != a ? c0 : b != b ? c0 + 1 : c != c ? c1 : c1 + 1;
                bestV = Float.NaN;
            }
            idx[at] = best;
            out[at] = bestV;
        }
    }

    /** dx: each output gradient added to the cell that won its window. */
    static Storage maxBackward(Storage dy, long[] idx, PoolSpec s) {
        int planes = s.n() * s.c(), plane = s.h() * s.w(), q = s.outH() * s.outW();
        Storage dx = Storage.allocate(dy.dtype(), planes * plane);
        parallelPlanes(planes, p -> {
            int in = p * plane, o = p * q;
            switch (dx) {
                case Storage.F32(float[] d) -> { float[] g = ((Storage.F32) dy).data(); for (int i = 0; i < q; i++) if (idx[o + i] >= 0) d[in + (int) idx[o + i]] += g[o + i]; }
                case Storage.F64(double[] d) -> { double[] g = ((Storage.F64) dy).data(); for (int i = 0; i < q; i++) if (idx[o + i] >= 0) d[in + (int) idx[o + i]] += g[o + i]; }
                default -> throw new IllegalArgumentException("max_pool2d: needs float32 or float64, got " + dx.dtype());
            }
        });
        return dx;
    }

    /**
     * Average pooling; forward when backward is false (src = x), otherwise the gradient (src = dy). The divisor is the
     * window clipped to the padded input (countIncludePad) or to the real input, as in PyTorch.
     */
    static Storage avg(Storage src, PoolSpec s, boolean countIncludePad, boolean backward) {
        int oh = s.outH(), ow = s.outW(), planes = s.n() * s.c(), plane = s.h() * s.w(), q = oh * ow;
        Storage dst = Storage.allocate(src.dtype(), planes * (backward ? plane : q));
        parallelPlanes(planes, p -> {
            int in = p * plane, o = p * q;
            for (int y = 0; y < oh; y++) {
                int ys = y * s.strideH() - s.padH(), ye = Math.min(ys + s.kh(), s.h() + s.padH());
                int y0 = Math.max(ys, 0), y1 = Math.min(ye, s.h());
                for (int x = 0; x < ow; x++, o++) {
                    int xs = x * s.strideW() - s.padW(), xe = Math.min(xs + s.kw(), s.w() + s.padW());
                    int x0 = Math.max(xs, 0), x1 = Math.min(xe, s.w());
                    int count = countIncludePad ? (ye - ys) * (xe - xs) : (y1 - y0) * (x1 - x0);
                    if (count <= 0) continue;
                    switch (src) {
                        case Storage.F32(float[] v) -> {
                            float[] d = ((Storage.F32) dst).data();
                            if (backward) {
                                float g = v[o] / count;
                                for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) d[in + iy * s.w() + ix] += g;
                            } else {
                                double sum = 0;
                                for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) sum += v[in + iy * s.w() + ix];
                                d[o] = (float) (sum / count);
                            }
                        }
                        case Storage.F64(double[] v) -> {
                            double[] d = ((Storage.F64) dst).data();
                            if (backward) {
                                double g = v[o] / count;
                                for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) d[in + iy * s.w() + ix] += g;
                            } else {
                                double sum = 0;
                                for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) sum += v[in + iy * s.w() + ix];
                                d[o] = sum / count;
                            }
                        }
                        default -> throw new IllegalArgumentException("avg_pool2d: needs float32 or float64, got " + src.dtype());
                    }
                }
            }
        });
        return dst;
    }

    /** A 2x2 window at stride 2 with every window inside the plane. */
    private static boolean whole2x2(PoolSpec s) {
        return s.kh() == 2 && s.kw() == 2 && s.strideH() == 2 && s.strideW() == 2 && s.padH() == 0 && s.padW() == 0
                && 2 * s.outH() <= s.h() && 2 * s.outW() <= s.w();
    }

    /** {@link #whole2x2} on planes whose output rows are narrower than a vector (LeNet conv2's 10x10 -> 5x5), a group of them at least. */
    private static boolean narrow2x2(PoolSpec s, int planes) {
        return whole2x2(s) && s.outW() < LANES && planes >= NARROW_LANES && s.h() * s.w() <= 1 << 12;
    }

    /**
     * Planes p0 .. p0 + NARROW_LANES - 1 of a narrow 2x2 pooling at once: the planes are interleaved into scratch so that
     * one vector holds the same cell of all of them, and each window goes through {@link #max2x2}'s compare tree
     * (first of equal values wins) for all planes together; branches on real data mispredicted about every other
     * window in the scalar scan (19 ns a window). Returns false, having written nothing, when a window holds a
     * NaN (or +inf and -inf), so the caller scans those planes one by one.
     */
    private static boolean max2x2Narrow(float[] x, int p0, PoolSpec s, float[] out, long[] idx) {
        int w = s.w(), oh = s.outH(), ow = s.outW(), plane = s.h() * w, q = oh * ow;
        float[] buf = Scratch.floats(Scratch.Slot.POOL, (plane + 2 * q) * NARROW_LANES);
        int vals = plane * NARROW_LANES, cells = vals + q * NARROW_LANES;
        for (int l = 0; l < NARROW_LANES; l++) {
            int src = (p0 + l) * plane;
            for (int i = 0; i < plane; i++) buf[i * NARROW_LANES + l] = x[src + i];
        }
        for (int y = 0, k = 0; y < oh; y++) {
            for (int xo = 0; xo < ow; xo++, k++) {
                int c0 = 2 * y * w + 2 * xo, c1 = c0 + w;
                FloatVector a = FloatVector.fromArray(N, buf, c0 * NARROW_LANES), b = FloatVector.fromArray(N, buf, (c0 + 1) * NARROW_LANES);
                FloatVector c = FloatVector.fromArray(N, buf, c1 * NARROW_LANES), d = FloatVector.fromArray(N, buf, (c1 + 1) * NARROW_LANES);
                FloatVector sum = a.add(b).add(c).add(d);
                if (sum.compare(VectorOperators.NE, sum).anyTrue()) return false;
                VectorMask<Float> gab = b.compare(VectorOperators.GT, a), gcd = d.compare(VectorOperators.GT, c);
                FloatVector top = a.blend(b, gab), bottom = c.blend(d, gcd);
                VectorMask<Float> low = bottom.compare(VectorOperators.GT, top);
                top.blend(bottom, low).intoArray(buf, vals + k * NARROW_LANES);
                // Cell offsets as exact floats (planes here hold at most 2^12 cells).
                FloatVector.broadcast(N, c0).blend(c0 + 1, gab).blend(FloatVector.broadcast(N, c1).blend(c1 + 1, gcd), low)
                        .intoArray(buf, cells + k * NARROW_LANES);
            }
        }
        for (int l = 0; l < NARROW_LANES; l++) {
            int o = (p0 + l) * q;
            for (int k = 0; k < q; k++) {
                out[o + k] = buf[vals + k * NARROW_LANES + l];
                idx[o + k] = (long) buf[cells + k * NARROW_LANES + l];
            }
        }
        return true;
    }

    /** Planes are independent: split them into one contiguous range per thread. */
    private static void parallelPlanes(int planes, java.util.function.IntConsumer body) {
        Parallel.forRange(planes, 4, (from, count) -> {
            for (int p = from; p < from + count; p++) body.accept(p);
        });
    }
}

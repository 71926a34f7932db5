package org.nabla.backend.cpu;

import org.nabla.backend.Conv2dSpec;
import org.nabla.tensor.DType;
import org.nabla.tensor.Storage;

/**
 * 2-D convolution by im2col + GEMM. For one sample and group, the patch matrix cols[patch x outH*outW] holds, for
 * every output position, the input values under the kernel; then out = W * cols, dW += dOut * cols^T and
 * dCols = W^T * dOut (scattered back by col2im). float32 copies contiguous runs of input rows; float64 (gradient
 * checks) follows an index map (input offset, or -1 for a padded cell) computed once per call.
 */
final class ConvKernels {
    private ConvKernels() {}

    /** Weight-gradient partial sums are taken over this many fixed sample chunks, so results do not depend on threads. */
    private static final int WEIGHT_CHUNKS = 8;

    /** For each (patch row, output position): offset within one group's input block, or -1 where the kernel hits padding. */
    static int[] patchMap(Conv2dSpec s) {
        int oh = s.outH(), ow = s.outW(), q = oh * ow;
        int[] map = new int[s.patch() * q];
        int row = 0;
        for (int ci = 0; ci < s.cg(); ci++)
            for (int ki = 0; ki < s.kh(); ki++)
                for (int kj = 0; kj < s.kw(); kj++, row++) {
                    int at = row * q;
                    for (int y = 0; y < oh; y++) {
                        int iy = y * s.strideH() - s.padH() + ki * s.dilationH();
                        for (int x = 0; x < ow; x++) {
                            int ix = x * s.strideW() - s.padW() + kj * s.dilationW();
                            boolean inside = iy >= 0 && iy < s.h() && ix >= 0 && ix < s.w();
                            map[at++] = inside ? (ci * s.h() + iy) * s.w() + ix : -1;
                        }
                    }
                }
        return map;
    }

    /** x is contiguous [n, c, h, w], w contiguous [o, c/g, kh, kw], bias [o] or null; returns [n, o, outH, outW]. */
    static Storage forward(Storage x, Storage w, Storage bias, Conv2dSpec s) {
        int q = s.outH() * s.outW(), patch = s.patch();
        Storage out = Storage.allocate(x.dtype(), s.n() * s.o() * q);
        if (bias != null) {
            // The GEMM accumulates into out, so starting from the bias fuses the bias add.
            for (int p = 0; p < s.n() * s.o(); p++) {
                double v = bias.getDouble(p % s.o());
                switch (out) {
                    case Storage.F32(float[] d) -> java.util.Arrays.fill(d, p * q, (p + 1) * q, (float) v);
                    case Storage.F64(double[] d) -> java.util.Arrays.fill(d, p * q, (p + 1) * q, v);
                    default -> throw new IllegalArgumentException("conv2d: needs float32 or float64, got " + out.dtype());
                }
            }
        }
        boolean pointwise = isPointwise(s);
        int[] map = pointwise || x.dtype() == DType.FLOAT32 ? null : patchMap(s);
        int threads = Parallel.threads();
        Parallel.forEach(Math.min(threads, s.n()), t -> {
            Storage cols = pointwise ? null : colsBuffer(x.dtype(), patch * q);
            for (int ni = t; ni < s.n(); ni += threads) {
                for (int g = 0; g < s.groups(); g++) {
                    int in = (ni * s.c() + g * s.cg()) * s.h() * s.w();
                    if (!pointwise) im2col(x, in, s, map, cols);
                    Gemm.serial(s.og(), q, patch, w, g * s.og() * patch, patch, 1, pointwise ? x : cols, pointwise ? in : 0, q, 1,
                            out, (ni * s.o() + g * s.og()) * q, q);
                }
            }
        });
        return out;
    }

    /** dx from dy [n, o, outH, outW] and w; returns [n, c, h, w]. */
    static Storage inputGrad(Storage dy, Storage w, Conv2dSpec s) {
        int q = s.outH() * s.outW(), patch = s.patch();
        Storage dx = Storage.allocate(dy.dtype(), s.n() * s.c() * s.h() * s.w());
        boolean pointwise = isPointwise(s);
        int[] map = pointwise || dy.dtype() == DType.FLOAT32 ? null : patchMap(s);
        int threads = Parallel.threads();
        Parallel.forEach(Math.min(threads, s.n()), t -> {
            Storage cols = pointwise ? null : colsBuffer(dy.dtype(), patch * q);
            for (int ni = t; ni < s.n(); ni += threads) {
                for (int g = 0; g < s.groups(); g++) {
                    int in = (ni * s.c() + g * s.cg()) * s.h() * s.w();
                    // dCols = W_g^T [patch x og] * dy_g [og x q]; for a 1x1 kernel dCols is dx itself.
                    if (!pointwise) clear(cols, patch * q);
                    Gemm.serial(patch, q, s.og(), w, g * s.og() * patch, 1, patch, dy, (ni * s.o() + g * s.og()) * q, q, 1,
                            pointwise ? dx : cols, pointwise ? in : 0, q);
                    if (!pointwise) col2im(cols, s, map, dx, in);
                }
            }
        });
        return dx;
    }

    /** dW from dy and x; returns [o, c/g, kh, kw]. */
    static Storage weightGrad(Storage dy, Storage x, Conv2dSpec s) {
        int q = s.outH() * s.outW(), patch = s.patch(), size = s.o() * patch;
        int chunks = Math.min(WEIGHT_CHUNKS, s.n());
        Storage[] partial = new Storage[chunks];
        boolean pointwise = isPointwise(s);
        int[] map = pointwise || x.dtype() == DType.FLOAT32 ? null : patchMap(s);
        int threads = Parallel.threads();
        Parallel.forEach(Math.min(threads, chunks), t -> {
            Storage cols = pointwise ? null : colsBuffer(x.dtype(), patch * q);
            for (int chunk = t; chunk < chunks; chunk += threads) {
                Storage acc = Storage.allocate(x.dtype(), size);
                for (int ni = chunk; ni < s.n(); ni += chunks) {
                    for (int g = 0; g < s.groups(); g++) {
                        int in = (ni * s.c() + g * s.cg()) * s.h() * s.w();
                        if (!pointwise) im2col(x, in, s, map, cols);
                        // dW_g [og x patch] += dy_g [og x q] * cols^T [q x patch]
                        Gemm.serial(s.og(), patch, q, dy, (ni * s.o() + g * s.og()) * q, q, 1, pointwise ? x : cols, pointwise ? in : 0, 1, q,
                                acc, g * s.og() * patch, patch);
                    }
                }
                partial[chunk] = acc;
            }
        });
        for (int i = 1; i < chunks; i++) addInto(partial[0], partial[i]);
        return chunks == 0 ? Storage.allocate(dy.dtype(), size) : partial[0];
    }

    /** A 1x1 kernel with stride 1 and no padding: the patch matrix is the input itself, no im2col needed. */
    private static boolean isPointwise(Conv2dSpec s) {
        return s.kh() == 1 && s.kw() == 1 && s.strideH() == 1 && s.strideW() == 1 && s.padH() == 0 && s.padW() == 0;
    }

    /** The thread's reusable patch matrix for float32 (possibly longer than size), a fresh one for float64. */
    private static Storage colsBuffer(DType dtype, int size) {
        return dtype == DType.FLOAT32 ? new Storage.F32(Scratch.floats(Scratch.Slot.CONV_COLS, size)) : Storage.allocate(dtype, size);
    }

    /** Fills cols [patch x outH*outW] from one group's input block at base (float32: copies runs; float64: the map). */
    private static void im2col(Storage x, int base, Conv2dSpec s, int[] map, Storage cols) {
        switch (cols) {
            case Storage.F32(float[] c) -> im2colRuns(((Storage.F32) x).data(), base, s, c);
            case Storage.F64(double[] c) -> {
                double[] d = ((Storage.F64) x).data();
                for (int i = 0; i < map.length; i++) c[i] = map[i] < 0 ? 0.0 : d[base + map[i]];
            }
            default -> throw new IllegalArgumentException("conv2d: needs float32 or float64, got " + x.dtype());
        }
    }

    /** The adjoint of im2col: every patch entry is added back to the input cell it came from. */
    private static void col2im(Storage cols, Conv2dSpec s, int[] map, Storage dx, int base) {
        switch (cols) {
            case Storage.F32(float[] c) -> col2imRuns(c, s, ((Storage.F32) dx).data(), base);
            case Storage.F64(double[] c) -> {
                double[] d = ((Storage.F64) dx).data();
                for (int i = 0; i < map.length; i++) if (map[i] >= 0) d[base + map[i]] += c[i];
            }
            default -> throw new IllegalArgumentException("conv2d: needs float32 or float64, got " + cols.dtype());
        }
    }

    /**
     * im2col by rows: for each (channel, kernel row, kernel column) and output row, the output columns whose input
     * column lies inside the image form one run [lo, hi), copied in one go (a plain array copy at stride 1);
     * the cells outside it read zero padding.
     */
    private static void im2colRuns(float[] x, int base, Conv2dSpec s, float[] cols) {
        int oh = s.outH(), ow = s.outW(), h = s.h(), w = s.w(), sw = s.strideW();
        int at = 0;
        for (int ci = 0; ci < s.cg(); ci++)
            for (int ki = 0; ki < s.kh(); ki++)
                for (int kj = 0; kj < s.kw(); kj++) {
                    int off = kj * s.dilationW() - s.padW();
                    int lo = Math.min(ow, Math.max(0, -Math.floorDiv(off, sw))), hi = Math.max(lo, Math.min(ow, Math.floorDiv(w - 1 - off, sw) + 1));
                    for (int y = 0; y < oh; y++, at += ow) {
                        int iy = y * s.strideH() - s.padH() + ki * s.dilationH();
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(cols, at, at + ow, 0f);
                            continue;
                        }
                        int row = base + (ci * h + iy) * w + off;
                        java.util.Arrays.fill(cols, at, at + lo, 0f);
                        if (sw == 1) System.arraycopy(x, row + lo, cols, at + lo, hi - lo);
                        else for (int xo = lo; xo < hi; xo++) cols[at + xo] = x[row + xo * sw];
                        java.util.Arrays.fill(cols, at + hi, at + ow, 0f);
                    }
                }
    }

    /** The adjoint of {@link #im2colRuns}: each run is added back onto its input row. */
    private static void col2imRuns(float[] cols, Conv2dSpec s, float[] dx, int base) {
        int oh = s.outH(), ow = s.outW(), h = s.h(), w = s.w(), sw = s.strideW();
        int at = 0;
        for (int ci = 0; ci < s.cg(); ci++)
            for (int ki = 0; ki < s.kh(); ki++)
                for (int kj = 0; kj < s.kw(); kj++) {
                    int off = kj * s.dilationW() - s.padW();
                    int lo = Math.min(ow, Math.max(0, -Math.floorDiv(off, sw))), hi = Math.max(lo, Math.min(ow, Math.floorDiv(w - 1 - off, sw) + 1));
                    for (int y = 0; y < oh; y++, at += ow) {
                        int iy = y * s.strideH() - s.padH() + ki * s.dilationH();
                        if (iy < 0 || iy >= h) continue;
                        int row = base + (ci * h + iy) * w + off;
                        if (sw == 1) for (int xo = lo; xo < hi; xo++) dx[row + xo] += cols[at + xo];
                        else for (int xo = lo; xo < hi; xo++) dx[row + xo * sw] += cols[at + xo];
                    }
                }
    }

    private static void clear(Storage s, int size) {
        switch (s) {
            case Storage.F32(float[] d) -> java.util.Arrays.fill(d, 0, size, 0f);
            case Storage.F64(double[] d) -> java.util.Arrays.fill(d, 0, size, 0.0);
            default -> throw new IllegalArgumentException("conv2d: needs float32 or float64, got " + s.dtype());
        }
    }

    private static void addInto(Storage acc, Storage x) {
        switch (acc) {
            case Storage.F32(float[] a) -> { float[] b = ((Storage.F32) x).data(); for (int i = 0; i < a.length; i++) a[i] += b[i]; }
            case Storage.F64(double[] a) -> { double[] b = ((Storage.F64) x).data(); for (int i = 0; i < a.length; i++) a[i] += b[i]; }
            default -> throw new IllegalArgumentException("conv2d: needs float32 or float64, got " + acc.dtype());
        }
    }
}

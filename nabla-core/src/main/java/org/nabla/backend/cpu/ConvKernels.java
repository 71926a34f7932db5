package org.nabla.backend.cpu;

import java.util.Arrays;
import org.nabla.backend.Conv2dSpec;
import org.nabla.tensor.DType;
import org.nabla.tensor.Storage;

/**
 * 2-D convolution by im2col + GEMM. Samples go in chunks of S: the patch matrix cols [patch x S*q] (q = outH*outW)
 * holds, for every output position of the chunk, the input values under the kernel, so that for one group
 * <pre>
 *   out = W * cols            dW += dOut * cols^T            dCols = W^T * dOut   (scattered back by col2im)
 * </pre>
 * with dOut gathered as rows [og x S*q]. Chunks are sized so that each product has about {@value #TARGET_COLUMNS}
 * columns: large enough to run the GEMM near its peak, small enough to stay in cache. float32 im2col copies
 * contiguous runs of input rows; float64 (gradient checks) follows an index map computed once per call.
 * Weight-gradient partial sums are kept per chunk and added in chunk order, so results do not depend on threads.
 * float32 convolutions at stride 1 skip all this: {@link DirectConv} reads the padded image in place, which
 * measured 1.5-2x faster on LeNet's layers and no slower on a 3x3 64-channel one; strided float32 ones whose
 * kernels are multiples of the stride (DCGAN's 4x4 and U-Net's 2x2 at stride 2) go to {@link PhaseConv}, the same
 * kernels over the input's phases. This path keeps the other strided ones and float64 (gradient checks).
 */
final class ConvKernels {
    private static final int TARGET_COLUMNS = 1024;

    private ConvKernels() {}

    /** Samples per chunk. */
    static int chunk(Conv2dSpec s) {
        int q = s.outH() * s.outW();
        return Math.max(1, Math.min(s.n(), TARGET_COLUMNS / Math.max(q, 1)));
    }

    /** x contiguous [n, c, h, w], w contiguous [o, c/g, kh, kw], bias [o] or null; returns [n, o, outH, outW]. */
    static Storage forward(Storage x, Storage w, Storage bias, Conv2dSpec s) {
        if (x instanceof Storage.F32(float[] xd) && DirectConv.applies(s))
            return new Storage.F32(DirectConv.forward(xd, ((Storage.F32) w).data(), bias == null ? null : ((Storage.F32) bias).data(), s));
        if (x instanceof Storage.F32(float[] xd) && PhaseConv.applies(s))
            return new Storage.F32(PhaseConv.forward(xd, ((Storage.F32) w).data(), bias == null ? null : ((Storage.F32) bias).data(), s));
        int q = s.outH() * s.outW(), patch = s.patch(), og = s.og(), chunk = chunk(s), chunks = Math.ceilDiv(s.n(), chunk);
        Storage out = Storage.allocate(x.dtype(), s.n() * s.o() * q);
        int[] map = x.dtype() == DType.FLOAT32 ? null : patchMap(s);
        forEachChunk(chunks, () -> {
            Storage cols = buffer(Scratch.Slot.CONV_COLS, x.dtype(), patch * chunk * q);
            Storage rows = buffer(Scratch.Slot.CONV_ROWS, x.dtype(), og * chunk * q);
            return (c) -> {
                int n0 = c * chunk, sc = Math.min(chunk, s.n() - n0), width = sc * q;
                for (int g = 0; g < s.groups(); g++) {
                    for (int i = 0; i < sc; i++) im2col(x, inputBase(s, n0 + i, g), s, map, cols, width, i * q);
                    for (int o = 0; o < og; o++) fill(rows, o * width, width, bias == null ? 0 : bias.getDouble(g * og + o));
                    Gemm.serial(og, width, patch, w, g * og * patch, patch, 1, cols, 0, width, 1, rows, 0, width);
                    for (int i = 0; i < sc; i++)
                        for (int o = 0; o < og; o++)
                            copy(rows, o * width + i * q, out, ((n0 + i) * s.o() + g * og + o) * q, q);
                }
            };
        });
        return out;
    }

    /** dx from dy [n, o, outH, outW] and w; returns [n, c, h, w]. */
    static Storage inputGrad(Storage dy, Storage w, Conv2dSpec s) {
        if (dy instanceof Storage.F32(float[] dyd) && DirectConv.applies(s))
            return new Storage.F32(DirectConv.inputGrad(dyd, ((Storage.F32) w).data(), s));
        if (dy instanceof Storage.F32(float[] dyd) && PhaseConv.applies(s))
            return new Storage.F32(PhaseConv.inputGrad(dyd, ((Storage.F32) w).data(), s));
        int q = s.outH() * s.outW(), patch = s.patch(), og = s.og(), chunk = chunk(s), chunks = Math.ceilDiv(s.n(), chunk);
        Storage dx = Storage.allocate(dy.dtype(), s.n() * s.c() * s.h() * s.w());
        int[] map = dy.dtype() == DType.FLOAT32 ? null : patchMap(s);
        forEachChunk(chunks, () -> {
            Storage cols = buffer(Scratch.Slot.CONV_COLS, dy.dtype(), patch * chunk * q);
            Storage rows = buffer(Scratch.Slot.CONV_ROWS, dy.dtype(), og * chunk * q);
            return (c) -> {
                int n0 = c * chunk, sc = Math.min(chunk, s.n() - n0), width = sc * q;
                for (int g = 0; g < s.groups(); g++) {
                    gatherRows(dy, s, n0, sc, g, rows);
                    fill(cols, 0, patch * width, 0);
                    // dCols [patch x width] = W_g^T [patch x og] * dOut [og x width]
                    Gemm.serial(patch, width, og, w, g * og * patch, 1, patch, rows, 0, width, 1, cols, 0, width);
                    for (int i = 0; i < sc; i++) col2im(cols, width, i * q, s, map, dx, inputBase(s, n0 + i, g));
                }
            };
        });
        return dx;
    }

    /** dW from dy and x; returns [o, c/g, kh, kw]. */
    static Storage weightGrad(Storage dy, Storage x, Conv2dSpec s) {
        if (dy instanceof Storage.F32(float[] dyd) && DirectConv.applies(s))
            return new Storage.F32(DirectConv.weightGrad(dyd, ((Storage.F32) x).data(), s));
        if (dy instanceof Storage.F32(float[] dyd) && PhaseConv.applies(s))
            return new Storage.F32(PhaseConv.weightGrad(dyd, ((Storage.F32) x).data(), s));
        int q = s.outH() * s.outW(), patch = s.patch(), og = s.og(), chunk = chunk(s), chunks = Math.ceilDiv(s.n(), chunk);
        int size = s.o() * patch;
        Storage[] partial = new Storage[chunks];
        int[] map = x.dtype() == DType.FLOAT32 ? null : patchMap(s);
        forEachChunk(chunks, () -> {
            Storage cols = buffer(Scratch.Slot.CONV_COLS, x.dtype(), patch * chunk * q);
            Storage rows = buffer(Scratch.Slot.CONV_ROWS, x.dtype(), og * chunk * q);
            return (c) -> {
                int n0 = c * chunk, sc = Math.min(chunk, s.n() - n0), width = sc * q;
                Storage acc = Storage.allocate(x.dtype(), size);
                for (int g = 0; g < s.groups(); g++) {
                    for (int i = 0; i < sc; i++) im2col(x, inputBase(s, n0 + i, g), s, map, cols, width, i * q);
                    gatherRows(dy, s, n0, sc, g, rows);
                    // dW_g [og x patch] += dOut [og x width] * cols^T [width x patch]
                    Gemm.serial(og, patch, width, rows, 0, width, 1, cols, 0, 1, width, acc, g * og * patch, patch);
                }
                partial[c] = acc;
            };
        });
        Storage sum = chunks == 0 ? Storage.allocate(dy.dtype(), size) : partial[0];
        for (int c = 1; c < chunks; c++) addInto(sum, partial[c]);
        return sum;
    }

    // ------------------------------------------------------------ chunk plumbing

    /** Work for one chunk index, with buffers the thread set up once. */
    @FunctionalInterface
    private interface ChunkWork {
        void run(int chunk);
    }

    /** Runs chunks round-robin on the pool's threads; each thread first makes its buffers. */
    private static void forEachChunk(int chunks, java.util.function.Supplier<ChunkWork> perThread) {
        int threads = Parallel.threads(), tasks = Math.min(threads, chunks);
        Parallel.forEach(tasks, t -> {
            ChunkWork work = perThread.get();
            for (int c = t; c < chunks; c += tasks) work.run(c);
        });
    }

    private static int inputBase(Conv2dSpec s, int sample, int group) {
        return (sample * s.c() + group * s.cg()) * s.h() * s.w();
    }

    /** dOut of samples n0..n0+sc-1, group g, as rows [og x sc*q]: row o holds each sample's plane o side by side. */
    private static void gatherRows(Storage dy, Conv2dSpec s, int n0, int sc, int g, Storage rows) {
        int q = s.outH() * s.outW(), width = sc * q;
        for (int i = 0; i < sc; i++)
            for (int o = 0; o < s.og(); o++) copy(dy, ((n0 + i) * s.o() + g * s.og() + o) * q, rows, o * width + i * q, q);
    }

    /** The thread's reusable buffer for float32 (possibly longer than size), a fresh one for float64. */
    private static Storage buffer(Scratch.Slot slot, DType dtype, int size) {
        return dtype == DType.FLOAT32 ? new Storage.F32(Scratch.floats(slot, size)) : Storage.allocate(dtype, size);
    }

    // ------------------------------------------------------------ im2col and col2im

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

    /** Writes one sample's patch matrix into cols: patch row r at cols[r * ld + col0 ..], q entries. */
    private static void im2col(Storage x, int base, Conv2dSpec s, int[] map, Storage cols, int ld, int col0) {
        switch (cols) {
            case Storage.F32(float[] c) -> im2colRuns(((Storage.F32) x).data(), base, s, c, ld, col0);
            case Storage.F64(double[] c) -> {
                double[] d = ((Storage.F64) x).data();
                int q = s.outH() * s.outW();
                for (int r = 0, m = 0; r < s.patch(); r++)
                    for (int j = 0; j < q; j++, m++) c[r * ld + col0 + j] = map[m] < 0 ? 0.0 : d[base + map[m]];
            }
            default -> throw new IllegalArgumentException("conv2d: needs float32 or float64, got " + x.dtype());
        }
    }

    /** The adjoint of im2col: every patch entry is added back to the input cell it came from. */
    private static void col2im(Storage cols, int ld, int col0, Conv2dSpec s, int[] map, Storage dx, int base) {
        switch (cols) {
            case Storage.F32(float[] c) -> col2imRuns(c, ld, col0, s, ((Storage.F32) dx).data(), base);
            case Storage.F64(double[] c) -> {
                double[] d = ((Storage.F64) dx).data();
                int q = s.outH() * s.outW();
                for (int r = 0, m = 0; r < s.patch(); r++)
                    for (int j = 0; j < q; j++, m++) if (map[m] >= 0) d[base + map[m]] += c[r * ld + col0 + j];
            }
            default -> throw new IllegalArgumentException("conv2d: needs float32 or float64, got " + cols.dtype());
        }
    }

    /**
     * im2col by rows: for each (channel, kernel row, kernel column) and output row, the output columns whose input
     * column lies inside the image form one run [lo, hi), copied in one go (a plain array copy at stride 1);
     * the cells outside it read zero padding.
     */
    private static void im2colRuns(float[] x, int base, Conv2dSpec s, float[] cols, int ld, int col0) {
        int oh = s.outH(), ow = s.outW(), h = s.h(), w = s.w(), sw = s.strideW();
        int r = 0;
        for (int ci = 0; ci < s.cg(); ci++)
            for (int ki = 0; ki < s.kh(); ki++)
                for (int kj = 0; kj < s.kw(); kj++, r++) {
                    int off = kj * s.dilationW() - s.padW();
                    int lo = runStart(off, sw, ow), hi = runEnd(off, sw, ow, w, lo);
                    int at = r * ld + col0;
                    for (int y = 0; y < oh; y++, at += ow) {
                        int iy = y * s.strideH() - s.padH() + ki * s.dilationH();
                        if (iy < 0 || iy >= h) {
                            for (int j = 0; j < ow; j++) cols[at + j] = 0f;
                            continue;
                        }
                        int row = base + (ci * h + iy) * w + off;
                        for (int j = 0; j < lo; j++) cols[at + j] = 0f;
                        if (sw == 1) System.arraycopy(x, row + lo, cols, at + lo, hi - lo);
                        else for (int j = lo; j < hi; j++) cols[at + j] = x[row + j * sw];
                        for (int j = hi; j < ow; j++) cols[at + j] = 0f;
                    }
                }
    }

    /** First output column whose input column x * stride + off is inside the image (>= 0). */
    private static int runStart(int off, int stride, int outW) {
        return Math.min(outW, Math.max(0, -Math.floorDiv(off, stride)));
    }

    /** One past the last output column whose input column is inside an image of width w; at least start. */
    private static int runEnd(int off, int stride, int outW, int w, int start) {
        return Math.max(start, Math.min(outW, Math.floorDiv(w - 1 - off, stride) + 1));
    }

    /** The adjoint of {@link #im2colRuns}: each run is added back onto its input row. */
    private static void col2imRuns(float[] cols, int ld, int col0, Conv2dSpec s, float[] dx, int base) {
        int oh = s.outH(), ow = s.outW(), h = s.h(), w = s.w(), sw = s.strideW();
        int r = 0;
        for (int ci = 0; ci < s.cg(); ci++)
            for (int ki = 0; ki < s.kh(); ki++)
                for (int kj = 0; kj < s.kw(); kj++, r++) {
                    int off = kj * s.dilationW() - s.padW();
                    int lo = runStart(off, sw, ow), hi = runEnd(off, sw, ow, w, lo);
                    int at = r * ld + col0;
                    for (int y = 0; y < oh; y++, at += ow) {
                        int iy = y * s.strideH() - s.padH() + ki * s.dilationH();
                        if (iy < 0 || iy >= h) continue;
                        int row = base + (ci * h + iy) * w + off;
                        if (sw == 1) for (int j = lo; j < hi; j++) dx[row + j] += cols[at + j];
                        else for (int j = lo; j < hi; j++) dx[row + j * sw] += cols[at + j];
                    }
                }
    }

    // ------------------------------------------------------------ small typed helpers

    private static void fill(Storage s, int from, int length, double value) {
        switch (s) {
            case Storage.F32(float[] d) -> Arrays.fill(d, from, from + length, (float) value);
            case Storage.F64(double[] d) -> Arrays.fill(d, from, from + length, value);
            default -> throw new IllegalArgumentException("conv2d: needs float32 or float64, got " + s.dtype());
        }
    }

    private static void copy(Storage src, int from, Storage dst, int to, int length) {
        switch (src) {
            case Storage.F32(float[] d) -> System.arraycopy(d, from, ((Storage.F32) dst).data(), to, length);
            case Storage.F64(double[] d) -> System.arraycopy(d, from, ((Storage.F64) dst).data(), to, length);
            default -> throw new IllegalArgumentException("conv2d: needs float32 or float64, got " + src.dtype());
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

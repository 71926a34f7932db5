package org.nabla.backend.cpu;

import java.util.Arrays;
import org.nabla.backend.AdamStep;
import org.nabla.backend.Backend;
import org.nabla.backend.BinaryOp;
import org.nabla.backend.Conv2dSpec;
import org.nabla.backend.PoolSpec;
import org.nabla.backend.RecurrenceSpec;
import org.nabla.backend.ReduceOp;
import org.nabla.backend.ScanOp;
import org.nabla.backend.UnaryOp;
import org.nabla.tensor.DType;
import org.nabla.tensor.Layout;
import org.nabla.tensor.Shape;
import org.nabla.tensor.Storage;

/** Reference CPU kernels over primitive arrays: strided loops, one dtype switch per row. */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override
    public Storage full(DType dtype, int size, double value) {
        Storage s = Storage.allocate(dtype, size);
        if (value != 0) {
            switch (s) {
                case Storage.F32(float[] d) -> Arrays.fill(d, (float) value);
                case Storage.F64(double[] d) -> Arrays.fill(d, value);
                case Storage.I32(int[] d) -> Arrays.fill(d, (int) value);
                case Storage.I64(long[] d) -> Arrays.fill(d, (long) value);
            }
        }
        return s;
    }

    @Override
    public Storage copy(Storage src, Layout layout, DType dtype) {
        Storage out = Storage.allocate(dtype, layout.numel());
        copyInto(src, layout, out, Layout.contiguous(layout.shape()));
        return out;
    }

    @Override
    public void copyInto(Storage src, Layout ls, Storage dst, Layout ld) {
        if (!Arrays.equals(ls.shape(), ld.shape()))
            throw new IllegalArgumentException("copy: source shape " + Shape.str(ls.shape()) + " differs from destination shape " + Shape.str(ld.shape()));
        StridedLoop.run(ld.shape(), new int[][] {ld.strides(), ls.strides()}, new int[] {ld.offset(), ls.offset()}, (n, o, s) -> {
            int id = o[0], is = o[1], sd = s[0], ss = s[1];
            switch (dst) {
                case Storage.F32(float[] d) when src instanceof Storage.F32(float[] x) -> {
                    // Contiguous rows (a bias broadcast into addmm's output, a plain copy) go through the intrinsics.
                    if (sd == 1 && ss == 1) System.arraycopy(x, is, d, id, n);
                    else if (sd == 1 && ss == 0) Arrays.fill(d, id, id + n, x[is]);
                    else for (int i = 0; i < n; i++) d[id + i * sd] = x[is + i * ss];
                }
                case Storage.F64(double[] d) when src instanceof Storage.F64(double[] x) -> { for (int i = 0; i < n; i++) d[id + i * sd] = x[is + i * ss]; }
                case Storage.I64(long[] d) when src instanceof Storage.I64(long[] x) -> { for (int i = 0; i < n; i++) d[id + i * sd] = x[is + i * ss]; }
                case Storage.I32(int[] d) when src instanceof Storage.I32(int[] x) -> { for (int i = 0; i < n; i++) d[id + i * sd] = x[is + i * ss]; }
                default -> convertRow(src, is, ss, dst, id, sd, n);
            }
        });
    }

    /** Elements converted per pass of {@link #convertRow}: a small buffer instead of one the size of the row. */
    private static final int CONVERT_CHUNK = 1024;

    /** Cross-dtype copy of one row through double (exact for floats and for ints below 2^53), in bounded chunks. */
    private static void convertRow(Storage src, int is, int ss, Storage dst, int id, int sd, int n) {
        double[] tmp = new double[Math.min(n, CONVERT_CHUNK)];
        for (int from = 0; from < n; from += tmp.length) {
            int m = Math.min(tmp.length, n - from), si = is + from * ss, di = id + from * sd;
            switch (src) {
                case Storage.F32(float[] x) -> { for (int i = 0; i < m; i++) tmp[i] = x[si + i * ss]; }
                case Storage.F64(double[] x) -> { for (int i = 0; i < m; i++) tmp[i] = x[si + i * ss]; }
                case Storage.I32(int[] x) -> { for (int i = 0; i < m; i++) tmp[i] = x[si + i * ss]; }
                case Storage.I64(long[] x) -> { for (int i = 0; i < m; i++) tmp[i] = x[si + i * ss]; }
            }
            switch (dst) {
                case Storage.F32(float[] d) -> { for (int i = 0; i < m; i++) d[di + i * sd] = (float) tmp[i]; }
                case Storage.F64(double[] d) -> { for (int i = 0; i < m; i++) d[di + i * sd] = tmp[i]; }
                case Storage.I32(int[] d) -> { for (int i = 0; i < m; i++) d[di + i * sd] = (int) tmp[i]; }
                case Storage.I64(long[] d) -> { for (int i = 0; i < m; i++) d[di + i * sd] = (long) tmp[i]; }
            }
        }
    }

    @Override
    public boolean adamInPlace(AdamStep k, Storage p, Layout lp, Storage g, Layout lg, Storage m, Layout lm,
                               Storage v, Layout lv, Storage vmax, Layout lvmax) {
        float[] pd = denseF32(p, lp), gd = denseF32(g, lg), md = denseF32(m, lm), vd = denseF32(v, lv);
        float[] vmaxd = vmax == null ? null : denseF32(vmax, lvmax);
        int n = lp.numel();
        if (pd == null || gd == null || md == null || vd == null || (vmax != null && vmaxd == null)
                || gd.length != n || md.length != n || vd.length != n || (vmaxd != null && vmaxd.length != n)) return false;
        OptimizerKernels.adam(k, pd, gd, md, vd, vmaxd);
        return true;
    }

    /** The float32 array behind a storage its layout covers exactly (contiguous, from 0), or null. */
    private static float[] denseF32(Storage s, Layout l) {
        return l.isContiguous() && l.offset() == 0 && s.size() == l.numel() && s instanceof Storage.F32(float[] d) ? d : null;
    }

    @Override
    public void matmulInto(Storage a, Layout la, Storage b, Layout lb, Storage c, Layout lc) {
        if (la.rank() != 2 || lb.rank() != 2 || lc.rank() != 2 || la.shape()[1] != lb.shape()[0]
                || lc.shape()[0] != la.shape()[0] || lc.shape()[1] != lb.shape()[1])
            throw new IllegalArgumentException("matmulInto: shapes " + Arrays.toString(la.shape()) + " x "
                    + Arrays.toString(lb.shape()) + " -> " + Arrays.toString(lc.shape()) + " do not fit [M, K] x [K, N] -> [M, N]");
        if (!(a instanceof Storage.F32(float[] ad) && b instanceof Storage.F32(float[] bd) && c instanceof Storage.F32(float[] cd))
                || lc.strides()[1] != 1)
            throw new IllegalArgumentException("matmulInto: the CPU backend takes float32 operands and a row-major output");
        Sgemm.gemm(la.shape()[0], lb.shape()[1], la.shape()[1],
                new Sgemm.Matrix(ad, la.offset(), la.strides()[0], la.strides()[1]),
                new Sgemm.Matrix(bd, lb.offset(), lb.strides()[0], lb.strides()[1]), cd, lc.offset(), lc.strides()[0]);
    }

    @Override
    public Storage[] recurrence(RecurrenceSpec spec, Storage xProj, Storage wHh, Storage bHh, Storage h0, Storage c0) {
        return RecurrenceKernels.forward(spec, xProj, wHh, bHh, h0, c0);
    }

    @Override
    public Storage[] recurrenceBackward(RecurrenceSpec spec, Storage dOut, Storage wHh, Storage[] saved, boolean reuseSaved) {
        return RecurrenceKernels.backward(spec, dOut, wHh, saved, reuseSaved);
    }

    @Override
    public java.util.Map<String, Object> properties() {
        return java.util.Map.of("backend", "cpu", "vector_bits", Simd.bits());
    }

    @Override
    public void axpyInPlace(double alpha, Storage x, Layout lx, Storage y, Layout ly) {
        if (x.dtype() != y.dtype()) throw new IllegalArgumentException("axpy: x is " + x.dtype() + " but y is " + y.dtype());
        StridedLoop.run(ly.shape(), new int[][] {ly.strides(), lx.strides()}, new int[] {ly.offset(), lx.offset()}, (n, o, s) -> {
            int iy = o[0], ix = o[1], sy = s[0], sx = s[1];
            switch (y) {
                case Storage.F32(float[] d) -> {
                    float[] v = ((Storage.F32) x).data();
                    float a = (float) alpha;
                    if (sy == 1 && sx == 1 && !splits(n)) VectorKernels.axpy(a, v, ix, d, iy, n);
                    else if (sy == 1 && sx == 1) splitRow(n, (lo, len) -> VectorKernels.axpy(a, v, ix + lo, d, iy + lo, len));
                    else for (int i = 0; i < n; i++) d[iy + i * sy] += a * v[ix + i * sx];
                }
                case Storage.F64(double[] d) -> {
                    double[] v = ((Storage.F64) x).data();
                    for (int i = 0; i < n; i++) d[iy + i * sy] += alpha * v[ix + i * sx];
                }
                default -> throw new IllegalArgumentException("axpy: needs float32 or float64, got " + y.dtype());
            }
        });
    }

    @Override
    public void axpbyInPlace(double alpha, Storage x, Layout lx, double beta, Storage y, Layout ly) {
        if (!(y instanceof Storage.F32(float[] d) && x instanceof Storage.F32(float[] v))) {
            Backend.super.axpbyInPlace(alpha, x, lx, beta, y, ly);
            return;
        }
        float a = (float) alpha, b = (float) beta;
        StridedLoop.run(ly.shape(), new int[][] {ly.strides(), lx.strides()}, new int[] {ly.offset(), lx.offset()}, (n, o, s) -> {
            int iy = o[0], ix = o[1], sy = s[0], sx = s[1];
            if (sy == 1 && sx == 1 && !splits(n)) VectorKernels.axpby(a, v, ix, b, d, iy, n);
            else if (sy == 1 && sx == 1) splitRow(n, (lo, len) -> VectorKernels.axpby(a, v, ix + lo, b, d, iy + lo, len));
            else for (int i = 0; i < n; i++) d[iy + i * sy] = b * d[iy + i * sy] + a * v[ix + i * sx];
        });
    }

    /** A contiguous row at least this long is split between the threads (each part is independent). */
    private static final int SPLIT_ROW = 1 << 15;

    /** Whether a row of n elements is long enough to split between threads (short rows call their kernel directly). */
    private static boolean splits(int n) { return n >= SPLIT_ROW && Parallel.threads() > 1; }

    /** Runs part over [0, n) in a few pieces per thread, cut at multiples of 16 elements. */
    private static void splitRow(int n, Parallel.RangeBody part) {
        Parallel.forRange(n, 16, part);
    }

    @Override
    public void scaleInPlace(double alpha, Storage y, Layout ly) {
        StridedLoop.run(ly.shape(), new int[][] {ly.strides()}, new int[] {ly.offset()}, (n, o, s) -> {
            int iy = o[0], sy = s[0];
            switch (y) {
                case Storage.F32(float[] d) -> {
                    float a = (float) alpha;
                    if (sy == 1 && !splits(n)) VectorKernels.scale(a, d, iy, n);
                    else if (sy == 1) splitRow(n, (lo, len) -> VectorKernels.scale(a, d, iy + lo, len));
                    else for (int i = 0; i < n; i++) d[iy + i * sy] *= a;
                }
                case Storage.F64(double[] d) -> { for (int i = 0; i < n; i++) d[iy + i * sy] *= alpha; }
                default -> throw new IllegalArgumentException("scale: needs float32 or float64, got " + y.dtype());
            }
        });
    }

    @Override
    public Storage unary(UnaryOp op, Storage x, Layout lx) {
        Storage out = Storage.allocate(x.dtype(), lx.numel());
        int[] outStrides = Shape.contiguousStrides(lx.shape());
        StridedLoop.run(lx.shape(), new int[][] {outStrides, lx.strides()}, new int[] {0, lx.offset()}, (n, o, s) -> {
            if (s[0] != 1 && n > 1) throw new IllegalStateException("output row must be contiguous");
            switch (x) {
                case Storage.F32(float[] a) -> {
                    float[] d = ((Storage.F32) out).data();
                    int io = o[0], ix = o[1], sx = s[1];
                    if (!splits(n)) FloatKernels.unary(op, a, ix, sx, d, io, n);
                    else splitRow(n, (lo, len) -> FloatKernels.unary(op, a, ix + lo * sx, sx, d, io + lo, len));
                }
                case Storage.F64(double[] a) -> DoubleKernels.unary(op, a, o[1], s[1], ((Storage.F64) out).data(), o[0], n);
                default -> throw new IllegalArgumentException(op + ": needs a floating dtype, got " + x.dtype());
            }
        });
        return out;
    }

    @Override
    public Storage binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb) {
        if (a.dtype() != b.dtype()) throw new IllegalArgumentException(op + ": operands must share a dtype, got " + a.dtype() + " and " + b.dtype());
        Storage out = Storage.allocate(a.dtype(), la.numel());
        int[] outStrides = Shape.contiguousStrides(la.shape());
        StridedLoop.run(la.shape(), new int[][] {outStrides, la.strides(), lb.strides()}, new int[] {0, la.offset(), lb.offset()}, (n, o, s) -> {
            switch (a) {
                case Storage.F32(float[] x) -> {
                    float[] y = ((Storage.F32) b).data(), d = ((Storage.F32) out).data();
                    int io = o[0], ia = o[1], sa = s[1], ib = o[2], sb = s[2];
                    if (!splits(n)) FloatKernels.binary(op, x, ia, sa, y, ib, sb, d, io, n);
                    else splitRow(n, (lo, len) -> FloatKernels.binary(op, x, ia + lo * sa, sa, y, ib + lo * sb, sb, d, io + lo, len));
                }
                case Storage.F64(double[] x) -> DoubleKernels.binary(op, x, o[1], s[1], ((Storage.F64) b).data(), o[2], s[2], ((Storage.F64) out).data(), o[0], n);
                default -> throw new IllegalArgumentException(op + ": needs a floating dtype, got " + a.dtype());
            }
        });
        return out;
    }

    @Override
    public Storage where(Storage cond, Layout lc, Storage a, Layout la, Storage b, Layout lb) {
        if (a.dtype() != b.dtype()) throw new IllegalArgumentException("where: operands must share a dtype, got " + a.dtype() + " and " + b.dtype());
        if (cond instanceof Storage.F32(float[] cf) && a instanceof Storage.F32(float[] x)) return whereFloat(cf, lc, x, la, ((Storage.F32) b).data(), lb);
        Storage c = cond.dtype() == DType.FLOAT64 ? cond : copy(cond, lc, DType.FLOAT64);
        Layout lcc = c == cond ? lc : Layout.contiguous(lc.shape());
        double[] cd = ((Storage.F64) c).data();
        Storage out = Storage.allocate(a.dtype(), la.numel());
        int[] os = Shape.contiguousStrides(la.shape());
        StridedLoop.run(la.shape(), new int[][] {os, lcc.strides(), la.strides(), lb.strides()},
                new int[] {0, lcc.offset(), la.offset(), lb.offset()}, (n, o, s) -> {
            int io = o[0], ic = o[1], ia = o[2], ib = o[3], sc = s[1], sa = s[2], sb = s[3];
            switch (out) {
                case Storage.F32(float[] d) -> { float[] x = ((Storage.F32) a).data(), y = ((Storage.F32) b).data(); for (int i = 0; i < n; i++) d[io + i] = cd[ic + i * sc] != 0 ? x[ia + i * sa] : y[ib + i * sb]; }
                case Storage.F64(double[] d) -> { double[] x = ((Storage.F64) a).data(), y = ((Storage.F64) b).data(); for (int i = 0; i < n; i++) d[io + i] = cd[ic + i * sc] != 0 ? x[ia + i * sa] : y[ib + i * sb]; }
                case Storage.I32(int[] d) -> { int[] x = ((Storage.I32) a).data(), y = ((Storage.I32) b).data(); for (int i = 0; i < n; i++) d[io + i] = cd[ic + i * sc] != 0 ? x[ia + i * sa] : y[ib + i * sb]; }
                case Storage.I64(long[] d) -> { long[] x = ((Storage.I64) a).data(), y = ((Storage.I64) b).data(); for (int i = 0; i < n; i++) d[io + i] = cd[ic + i * sc] != 0 ? x[ia + i * sa] : y[ib + i * sb]; }
            }
        });
        return out;
    }

    /** float32 where with a float32 condition (a comparison's 0/1): rows vectorised and split over the threads, no float64 copy of the condition. */
    private static Storage whereFloat(float[] cf, Layout lc, float[] x, Layout la, float[] y, Layout lb) {
        float[] d = new float[la.numel()];
        StridedLoop.run(la.shape(), new int[][] {Shape.contiguousStrides(la.shape()), lc.strides(), la.strides(), lb.strides()},
                new int[] {0, lc.offset(), la.offset(), lb.offset()}, (n, o, s) -> {
            int io = o[0], ic = o[1], ia = o[2], ib = o[3], sc = s[1], sa = s[2], sb = s[3];
            if (!splits(n)) VectorKernels.where(cf, ic, sc, x, ia, sa, y, ib, sb, d, io, n);
            else splitRow(n, (lo, len) -> VectorKernels.where(cf, ic + lo * sc, sc, x, ia + lo * sa, sa, y, ib + lo * sb, sb, d, io + lo, len));
        });
        return new Storage.F32(d);
    }

    @Override
    public Storage reduce(ReduceOp op, Storage x, Layout lx, int[] dims) {
        int[] outShape = lx.shape().clone();
        for (int d : dims) outShape[d] = 1;
        int outSize = Shape.numel(outShape);
        // The output, seen through the input's shape with stride 0 on reduced dims: walking the input in
        // memory order accumulates each element into its output slot.
        int[] os = Shape.contiguousStrides(outShape);
        for (int d : dims) os[d] = 0;
        int[][] strides = {os, lx.strides()};
        int[] offsets = {0, lx.offset()};
        if (op == ReduceOp.SUM && x instanceof Storage.F32(float[] a) && keepsOneDimOfRuns(lx, dims)) return sumAllButOne(a, lx, dims);
        return switch (x) {
            case Storage.F32(float[] a) -> {
                double[] acc = initial(op, outSize);
                StridedLoop.run(lx.shape(), strides, offsets, (n, o, s) -> accumulate(op, a, o[1], s[1], acc, o[0], s[0], n));
                float[] r = new float[outSize];
                for (int i = 0; i < outSize; i++) r[i] = (float) acc[i];
                yield new Storage.F32(r);
            }
            case Storage.F64(double[] a) -> {
                double[] acc = initial(op, outSize);
                StridedLoop.run(lx.shape(), strides, offsets, (n, o, s) -> accumulate(op, a, o[1], s[1], acc, o[0], s[0], n));
                yield new Storage.F64(acc);
            }
            case Storage.I64(long[] a) -> {
                long[] acc = new long[outSize];
                if (op != ReduceOp.SUM) Arrays.fill(acc, op == ReduceOp.MAX ? Long.MIN_VALUE : Long.MAX_VALUE);
                StridedLoop.run(lx.shape(), strides, offsets, (n, o, s) -> {
                    for (int i = 0; i < n; i++) {
                        int j = o[0] + i * s[0];
                        long v = a[o[1] + i * s[1]];
                        acc[j] = switch (op) { case SUM -> acc[j] + v; case MAX -> Math.max(acc[j], v); case MIN -> Math.min(acc[j], v); };
                    }
                });
                yield new Storage.I64(acc);
            }
            case Storage.I32 i32 -> {
                // Sums widen to int64 like PyTorch's; max and min keep int32.
                Storage wide = reduce(op, copy(i32, lx, DType.INT64), Layout.contiguous(lx.shape()), dims);
                yield op == ReduceOp.SUM ? wide : copy(wide, Layout.contiguous(outShape), DType.INT32);
            }
        };
    }

    @Override
    public Storage logSoftmax(Storage x, Layout lx, int dim) {
        int[] s = lx.shape();
        return SoftmaxKernels.logSoftmax(dense(x, lx), outer(s, dim), s[dim], inner(s, dim));
    }

    @Override
    public Storage logSoftmaxBackward(Storage g, Layout lg, Storage out, Layout lout, int dim) {
        int[] s = lg.shape();
        return SoftmaxKernels.logSoftmaxBackward(dense(g, lg), dense(out, lout), outer(s, dim), s[dim], inner(s, dim));
    }

    @Override
    public Storage softmax(Storage x, Layout lx, int dim) {
        int[] s = lx.shape();
        return SoftmaxKernels.softmax(dense(x, lx), outer(s, dim), s[dim], inner(s, dim));
    }

    @Override
    public Storage softmaxBackward(Storage g, Layout lg, Storage out, Layout lout, int dim) {
        int[] s = lg.shape();
        return SoftmaxKernels.softmaxBackward(dense(g, lg), dense(out, lout), outer(s, dim), s[dim], inner(s, dim));
    }

    @Override
    public Storage[] layerNorm(Storage x, Layout lx, int size, Storage w, Storage b, double eps) {
        return NormKernels.layerNorm(dense(x, lx), size, w, b, eps);
    }

    @Override
    public Storage[] layerNormBackward(Storage g, Layout lg, Storage x, Layout lx, Storage mean, Storage rstd, Storage w, int size) {
        return NormKernels.layerNormBackward(dense(g, lg), dense(x, lx), mean, rstd, w, size);
    }

    @Override
    public Storage[] batchNorm(Storage x, Layout lx, int channels, Storage w, Storage b, double eps) {
        int[] s = lx.shape();
        int inner = inner(s, 1);
        boolean inPlace = samplesApart(lx);
        return BatchNormKernels.forward(inPlace ? x : dense(x, lx), inPlace ? lx.offset() : 0, inPlace ? lx.strides()[0] : channels * inner,
                s[0], channels, inner, w, b, eps);
    }

    @Override
    public Storage[] batchNormBackward(Storage g, Layout lg, Storage x, Layout lx, Storage mean, Storage rstd, Storage w, int channels) {
        int[] s = lx.shape();
        int inner = inner(s, 1);
        boolean inPlace = samplesApart(lx);
        return BatchNormKernels.backward(dense(g, lg), inPlace ? x : dense(x, lx), inPlace ? lx.offset() : 0,
                inPlace ? lx.strides()[0] : channels * inner, mean, rstd, w, s[0], channels, inner);
    }

    /**
     * Each sample's block contiguous but the samples possibly apart (a channel slice of a larger [n, C, ...] tensor,
     * whose sample stride is larger than the block): batch norm reads it in place.
     */
    private static boolean samplesApart(Layout l) {
        int[] shape = l.shape(), strides = l.strides();
        if (shape.length < 2) return false;
        int block = 1;
        for (int d = shape.length - 1; d >= 1; d--) {
            if (shape[d] != 1 && strides[d] != block) return false;
            block *= shape[d];
        }
        return shape[0] == 1 || strides[0] >= block;
    }

    /** The number of positions before dim in a row-major shape. */
    private static int outer(int[] shape, int dim) { return Shape.numel(java.util.Arrays.copyOfRange(shape, 0, dim)); }

    /** The number of positions after dim in a row-major shape (the stride of dim). */
    private static int inner(int[] shape, int dim) { return Shape.numel(java.util.Arrays.copyOfRange(shape, dim + 1, shape.length)); }

    /** A contiguous layout summed over every dim but one (not the last), whose last dim gives runs worth a sumRun. */
    private static boolean keepsOneDimOfRuns(Layout lx, int[] dims) {
        int rank = lx.shape().length;
        return lx.isContiguous() && rank >= 2 && dims.length == rank - 1 && dims[dims.length - 1] == rank - 1
                && lx.shape()[rank - 1] >= 16;
    }

    /**
     * Sums over every dim but one, the last included (a convolution's bias gradient: dims 0, 2, 3 of [n, c, h, w]),
     * of a contiguous float32 tensor: the kept index's sums are independent, so they are shared out between the
     * threads, each adding its contiguous runs in memory order.
     */
    private static Storage sumAllButOne(float[] a, Layout lx, int[] dims) {
        int[] shape = lx.shape();
        int kept = 0;
        while (kept < dims.length && dims[kept] == kept) kept++;
        int outer = outer(shape, kept), size = shape[kept], inner = inner(shape, kept), base = lx.offset();
        float[] out = new float[size];
        Parallel.RangeBody sums = (from, count) -> {
            for (int c = from; c < from + count; c++) {
                double acc = 0;
                for (int o = 0; o < outer; o++) acc += sumRun(a, base + (o * size + c) * inner, inner);
                out[c] = (float) acc;
            }
        };
        if ((long) outer * size * inner >= SPLIT_ROW) Parallel.forRange(size, 1, sums);
        else sums.run(0, size);
        return new Storage.F32(out);
    }

    /**
     * The sum of a contiguous run in four independent partial sums (a single running sum waits on each add's
     * latency: about 1 ns per element), combined as (s0 + s1) + (s2 + s3) plus the tail.
     */
    static double sumRun(float[] a, int from, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[from + i];
            s1 += a[from + i + 1];
            s2 += a[from + i + 2];
            s3 += a[from + i + 3];
        }
        double r = (s0 + s1) + (s2 + s3);
        for (; i < n; i++) r += a[from + i];
        return r;
    }

    static double sumRun(double[] a, int from, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[from + i];
            s1 += a[from + i + 1];
            s2 += a[from + i + 2];
            s3 += a[from + i + 3];
        }
        double r = (s0 + s1) + (s2 + s3);
        for (; i < n; i++) r += a[from + i];
        return r;
    }

    private static double[] initial(ReduceOp op, int size) {
        double[] acc = new double[size];
        if (op == ReduceOp.MAX) Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        if (op == ReduceOp.MIN) Arrays.fill(acc, Double.POSITIVE_INFINITY);
        return acc;
    }

    private static void accumulate(ReduceOp op, float[] a, int ia, int sa, double[] acc, int io, int so, int n) {
        if (so == 0 && sa == 1 && op == ReduceOp.SUM) {
            acc[io] += sumRun(a, ia, n);
            return;
        }
        if (so == 1 && sa == 1 && op == ReduceOp.SUM) {
            // A row added onto a row of sums (a column sum, such as a bias gradient): unit strides let C2 vectorise it.
            for (int i = 0; i < n; i++) acc[io + i] += a[ia + i];
            return;
        }
        if (so == 0) {
            // The whole row folds into one slot: keep the running value in a register.
            double r = acc[io];
            switch (op) {
                case SUM -> { for (int i = 0; i < n; i++) r += a[ia + i * sa]; }
                case MAX -> { for (int i = 0; i < n; i++) r = Math.max(r, a[ia + i * sa]); }
                case MIN -> { for (int i = 0; i < n; i++) r = Math.min(r, a[ia + i * sa]); }
            }
            acc[io] = r;
            return;
        }
        switch (op) {
            case SUM -> { for (int i = 0; i < n; i++) acc[io + i * so] += a[ia + i * sa]; }
            case MAX -> { for (int i = 0; i < n; i++) acc[io + i * so] = Math.max(acc[io + i * so], a[ia + i * sa]); }
            case MIN -> { for (int i = 0; i < n; i++) acc[io + i * so] = Math.min(acc[io + i * so], a[ia + i * sa]); }
        }
    }

    private static void accumulate(ReduceOp op, double[] a, int ia, int sa, double[] acc, int io, int so, int n) {
        if (so == 0 && sa == 1 && op == ReduceOp.SUM) {
            acc[io] += sumRun(a, ia, n);
            return;
        }
        if (so == 0) {
            // The whole row folds into one slot: keep the running value in a register.
            double r = acc[io];
            switch (op) {
                case SUM -> { for (int i = 0; i < n; i++) r += a[ia + i * sa]; }
                case MAX -> { for (int i = 0; i < n; i++) r = Math.max(r, a[ia + i * sa]); }
                case MIN -> { for (int i = 0; i < n; i++) r = Math.min(r, a[ia + i * sa]); }
            }
            acc[io] = r;
            return;
        }
        switch (op) {
            case SUM -> { for (int i = 0; i < n; i++) acc[io + i * so] += a[ia + i * sa]; }
            case MAX -> { for (int i = 0; i < n; i++) acc[io + i * so] = Math.max(acc[io + i * so], a[ia + i * sa]); }
            case MIN -> { for (int i = 0; i < n; i++) acc[io + i * so] = Math.min(acc[io + i * so], a[ia + i * sa]); }
        }
    }

    @Override
    public Storage argReduce(ReduceOp op, Storage x, Layout lx, int dim) {
        if (op == ReduceOp.SUM) throw new IllegalArgumentException("argReduce: SUM has no arg form");
        // Read as float64 rows along dim: every row is one output element, in the order of the kept dims.
        DimRows rows = DimRows.of(lx, dim);
        double[] v = ((Storage.F64) rows.read(this, x, lx, DType.FLOAT64)).data();
        int len = rows.length();
        long[] out = new long[len == 0 ? 0 : rows.count()];
        boolean max = op == ReduceOp.MAX;
        for (int r = 0; r < out.length; r++) {
            int base = r * len, best = 0;
            double bestV = v[base];
            for (int j = 1; j < len && !Double.isNaN(bestV); j++) {
                double c = v[base + j];
                if (Double.isNaN(c) || (max ? c > bestV : c < bestV)) {
                    best = j;
                    bestV = c;
                }
            }
            out[r] = best;
        }
        return new Storage.I64(out);
    }

    @Override
    public Storage scan(ScanOp op, Storage x, Layout lx, int dim, boolean reverse) { return ScanKernels.scan(this, op, x, lx, dim, reverse); }

    @Override
    public Storage sortIndices(Storage x, Layout lx, int dim, boolean descending, int k) {
        return SortKernels.sortIndices(this, x, lx, dim, descending, k);
    }

    @Override
    public Storage matmul(Storage a, Layout la, Storage b, Layout lb, Storage c0, Layout lc0) {
        int batch = la.shape()[0], m = la.shape()[1], k = la.shape()[2], n = lb.shape()[2];
        // The products accumulate into out, so it starts as c0 (a bias) or zeros.
        Storage out = c0 == null ? Storage.allocate(a.dtype(), batch * m * n) : copy(c0, lc0, a.dtype());
        if (a instanceof Storage.F32(float[] x) && b instanceof Storage.F32(float[] y)) {
            // Strided operands go straight into Sgemm's packing: transposed views are never copied.
            float[] c = ((Storage.F32) out).data();
            int[] sa = la.strides(), sb = lb.strides();
            java.util.function.IntConsumer one = bi -> Sgemm.gemm(m, n, k,
                    new Sgemm.Matrix(x, la.offset() + bi * sa[0], sa[1], sa[2]),
                    new Sgemm.Matrix(y, lb.offset() + bi * sb[0], sb[1], sb[2]), c, bi * m * n, n);
            int threads = Parallel.threads();
            if (batch >= threads && threads > 1) {
                // Many small products: runs of batches claimed by the threads, each product serial.
                Parallel.forRange(batch, 1, (from, count) -> {
                    for (int bi = from; bi < from + count; bi++)
                        Sgemm.serial(m, n, k, new Sgemm.Matrix(x, la.offset() + bi * sa[0], sa[1], sa[2]),
                                new Sgemm.Matrix(y, lb.offset() + bi * sb[0], sb[1], sb[2]), c, bi * m * n, n);
                });
            } else {
                for (int bi = 0; bi < batch; bi++) one.accept(bi);
            }
            return out;
        }
        Storage ac = la.isContiguous() ? a : copy(a, la, a.dtype());
        Storage bc = lb.isContiguous() ? b : copy(b, lb, b.dtype());
        int aoff = la.isContiguous() ? la.offset() : 0, boff = lb.isContiguous() ? lb.offset() : 0;
        for (int bi = 0; bi < batch; bi++) {
            int ia = aoff + bi * m * k, ib = boff + bi * k * n, io = bi * m * n;
            switch (ac) {
                case Storage.F64(double[] x) -> DoubleKernels.matmul(x, ia, ((Storage.F64) bc).data(), ib, ((Storage.F64) out).data(), io, m, k, n);
                default -> throw new IllegalArgumentException("matmul: needs a floating dtype, got " + a.dtype());
            }
        }
        return out;
    }

    @Override
    public Storage gather(Storage x, Layout lx, int dim, Storage idx, Layout li) {
        int[] pos = positions("gather", lx, dim, idx, li);
        return take(x, pos);
    }

    @Override
    public void scatterAdd(Storage dst, Layout ld, int dim, Storage idx, Layout li, Storage src, Layout ls) {
        scatterInto("scatter_add", true, dst, ld, dim, idx, li, src, ls);
    }

    @Override
    public void scatter(Storage dst, Layout ld, int dim, Storage idx, Layout li, Storage src, Layout ls) {
        scatterInto("scatter", false, dst, ld, dim, idx, li, src, ls);
    }

    /** dst at idx's positions := (or += when add) the leading index-shaped block of src, which may be larger. */
    private void scatterInto(String op, boolean add, Storage dst, Layout ld, int dim, Storage idx, Layout li, Storage src, Layout ls) {
        int[] pos = positions(op, ld, dim, idx, li);
        Storage vals = copy(src, new Layout(li.shape(), ls.strides(), ls.offset()), dst.dtype());
        int n = pos.length;
        switch (dst) {
            case Storage.F32(float[] d) -> { float[] v = ((Storage.F32) vals).data(); for (int i = 0; i < n; i++) d[pos[i]] = add ? d[pos[i]] + v[i] : v[i]; }
            case Storage.F64(double[] d) -> { double[] v = ((Storage.F64) vals).data(); for (int i = 0; i < n; i++) d[pos[i]] = add ? d[pos[i]] + v[i] : v[i]; }
            case Storage.I32(int[] d) -> { int[] v = ((Storage.I32) vals).data(); for (int i = 0; i < n; i++) d[pos[i]] = add ? d[pos[i]] + v[i] : v[i]; }
            case Storage.I64(long[] d) -> { long[] v = ((Storage.I64) vals).data(); for (int i = 0; i < n; i++) d[pos[i]] = add ? d[pos[i]] + v[i] : v[i]; }
        }
    }

    @Override
    public Storage indexSelect(Storage x, Layout lx, int dim, Storage idx, Layout li) {
        long[] ids = indices(idx, li);
        int size = lx.shape()[dim];
        int[] outShape = lx.shape().clone();
        outShape[dim] = ids.length;
        Storage out = Storage.allocate(x.dtype(), Shape.numel(outShape));
        Layout lo = Layout.contiguous(outShape);
        for (int j = 0; j < ids.length; j++) {
            long id = ids[j];
            if (id < -size || id >= size)
                throw new IndexOutOfBoundsException("index_select: index " + id + " is out of bounds for dim " + dim + " with size " + size);
            copyInto(x, lx.select(dim, (int) (id < 0 ? id + size : id)), out, lo.select(dim, j));
        }
        return out;
    }

    @Override
    public Storage conv2d(Storage x, Layout lx, Storage w, Layout lw, Storage bias, Layout lbias, Conv2dSpec spec) {
        return ConvKernels.forward(dense(x, lx), dense(w, lw), bias == null ? null : copy(bias, lbias, x.dtype()), spec);
    }

    @Override
    public Storage conv2dInputGrad(Storage dy, Layout ldy, Storage w, Layout lw, Conv2dSpec spec) {
        return ConvKernels.inputGrad(dense(dy, ldy), dense(w, lw), spec);
    }

    @Override
    public Storage conv2dWeightGrad(Storage dy, Layout ldy, Storage x, Layout lx, Conv2dSpec spec) {
        return ConvKernels.weightGrad(dense(dy, ldy), dense(x, lx), spec);
    }

    @Override
    public Storage[] maxPool2d(Storage x, Layout lx, PoolSpec spec) {
        return PoolKernels.maxForward(dense(x, lx), spec);
    }

    @Override
    public Storage maxPool2dGrad(Storage dy, Layout ldy, Storage indices, PoolSpec spec) {
        return PoolKernels.maxBackward(dense(dy, ldy), ((Storage.I64) indices).data(), spec);
    }

    @Override
    public Storage avgPool2d(Storage x, Layout lx, PoolSpec spec, boolean countIncludePad) {
        return PoolKernels.avg(dense(x, lx), spec, countIncludePad, false);
    }

    @Override
    public Storage avgPool2dGrad(Storage dy, Layout ldy, PoolSpec spec, boolean countIncludePad) {
        return PoolKernels.avg(dense(dy, ldy), spec, countIncludePad, true);
    }

    /** The storage itself when the layout is contiguous from offset 0, else a contiguous copy. */
    private Storage dense(Storage s, Layout l) {
        return l.isContiguous() && l.offset() == 0 && s.size() == l.numel() ? s : copy(s, l, s.dtype());
    }

    /** Storage positions in x of every index element, walking idx in row-major order. */
    private int[] positions(String op, Layout lx, int dim, Storage idx, Layout li) {
        int rank = lx.rank();
        if (li.rank() != rank)
            throw new IllegalArgumentException(op + ": index rank " + li.rank() + " must equal the input rank " + rank);
        for (int d = 0; d < rank; d++)
            if (d != dim && li.shape()[d] > lx.shape()[d])
                throw new IllegalArgumentException(op + ": index shape " + Shape.str(li.shape()) + " exceeds input shape "
                        + Shape.str(lx.shape()) + " at dim " + d);
        long[] ids = indices(idx, li);
        int size = lx.shape()[dim], step = lx.strides()[dim];
        int[] xs = lx.strides().clone();
        xs[dim] = 0;
        int[] pos = new int[ids.length];
        int[] k = {0};
        StridedLoop.run(li.shape(), new int[][] {xs}, new int[] {lx.offset()}, (n, o, s) -> {
            for (int i = 0; i < n; i++) {
                long id = ids[k[0]];
                if (id < -size || id >= size)
                    throw new IndexOutOfBoundsException(op + ": index " + id + " is out of bounds for dim " + dim + " with size " + size);
                pos[k[0]++] = o[0] + i * s[0] + (int) (id < 0 ? id + size : id) * step;
            }
        });
        return pos;
    }

    private long[] indices(Storage idx, Layout li) {
        if (idx.dtype().isFloating())
            throw new IllegalArgumentException("index tensors must be int64 or int32, got " + idx.dtype());
        return ((Storage.I64) copy(idx, li, DType.INT64)).data();
    }

    private static Storage take(Storage x, int[] pos) {
        int n = pos.length;
        return switch (x) {
            case Storage.F32(float[] d) -> { float[] r = new float[n]; for (int i = 0; i < n; i++) r[i] = d[pos[i]]; yield new Storage.F32(r); }
            case Storage.F64(double[] d) -> { double[] r = new double[n]; for (int i = 0; i < n; i++) r[i] = d[pos[i]]; yield new Storage.F64(r); }
            case Storage.I32(int[] d) -> { int[] r = new int[n]; for (int i = 0; i < n; i++) r[i] = d[pos[i]]; yield new Storage.I32(r); }
            case Storage.I64(long[] d) -> { long[] r = new long[n]; for (int i = 0; i < n; i++) r[i] = d[pos[i]]; yield new Storage.I64(r); }
        };
    }
}

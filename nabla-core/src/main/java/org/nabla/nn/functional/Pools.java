package org.nabla.nn.functional;

import java.util.Arrays;
import org.nabla.tensor.Pooling;
import org.nabla.tensor.Resampling;
import org.nabla.tensor.Shape;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.ValuesIndices;

/**
 * The pools that compose the 2-D ones: 1-d pooling is 2-d pooling of [N, C, 1, L], and adaptive max pooling
 * selects each window's cells (indexSelect) and takes their max, along the columns and then the rows (the max
 * of a rectangle is the max of its rows' maxima), unless equal windows let the max-pool kernel do it.
 */
final class Pools {
    private Pools() {}

    static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, boolean ceilMode) {
        check1d("max_pool1d", x, kernel, stride, padding);
        return Pooling.maxPool2d(x.unsqueeze(-2), new int[] {1, kernel}, new int[] {1, stride}, new int[] {0, padding}, ceilMode).squeeze(-2);
    }

    static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        check1d("avg_pool1d", x, kernel, stride, padding);
        return Pooling.avgPool2d(x.unsqueeze(-2), new int[] {1, kernel}, new int[] {1, stride}, new int[] {0, padding}, ceilMode, countIncludePad)
                .squeeze(-2);
    }

    static Tensor adaptiveAvgPool1d(Tensor x, int outputSize) {
        checkSequence("adaptive_avg_pool1d", x);
        checkSize("adaptive_avg_pool1d", outputSize);
        return Resampling.adaptiveAvgPool2d(x.unsqueeze(-2), new int[] {1, outputSize}).squeeze(-2);
    }

    /** Values and, withIndices, each one's position along the sequence (null otherwise). */
    static ValuesIndices adaptiveMaxPool1d(Tensor x, int outputSize, boolean withIndices) {
        checkSequence("adaptive_max_pool1d", x);
        checkSize("adaptive_max_pool1d", outputSize);
        ValuesIndices r = adaptiveMaxPool2d(x.unsqueeze(-2), new int[] {1, outputSize}, withIndices);
        return new ValuesIndices(r.values().squeeze(-2), withIndices ? r.indices().squeeze(-2) : null);
    }

    /**
     * Max over PyTorch's adaptive windows (rows floor(i * h / outH) to ceil((i + 1) * h / outH), likewise
     * columns): the values and, withIndices, the int64 flat index of each maximum within its h * w plane (for
     * MaxUnpool2d; null otherwise). Ties go to the first cell in row-major order.
     */
    static ValuesIndices adaptiveMaxPool2d(Tensor x, int[] outputSize, boolean withIndices) {
        String op = "adaptive_max_pool2d";
        if (x.dim() != 3 && x.dim() != 4)
            throw new IllegalArgumentException(op + ": input must be 3-d [c, h, w] or 4-d [n, c, h, w], got shape " + Shape.str(x.shape()));
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": input must be floating point, got " + x.dtype());
        if (outputSize == null || (outputSize.length != 1 && outputSize.length != 2))
            throw new IllegalArgumentException(op + ": output size must have 1 or 2 values, got " + (outputSize == null ? "null" : Shape.str(outputSize)));
        int outH = outputSize[0], outW = outputSize[outputSize.length - 1];
        checkSize(op, outH);
        checkSize(op, outW);
        if (x.dim() == 3) {
            ValuesIndices r = adaptiveMaxPool2d(x.unsqueeze(0), outputSize, withIndices);
            return new ValuesIndices(r.values().squeeze(0), withIndices ? r.indices().squeeze(0) : null);
        }
        int h = x.size(2), w = x.size(3);
        if (h == 0 || w == 0) throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " has an empty plane");
        if (h % outH == 0 && w % outW == 0) {
            int[] k = {h / outH, w / outW};
            return Pooling.maxPool2dWithIndices(x, k, k, new int[] {0, 0}, false);
        }
        int n = x.size(0), c = x.size(1);
        Windows cols = Windows.of(w, outW), rows = Windows.of(h, outH);
        ValuesIndices colMax = x.indexSelect(3, cols.cells()).reshape(n, c, h, outW, cols.length()).max(4, false);
        ValuesIndices rowMax = colMax.values().indexSelect(2, rows.cells()).reshape(n, c, outH, rows.length(), outW).max(3, false);
        if (!withIndices) return new ValuesIndices(rowMax.values(), null);
        Tensor row = rows.position(rowMax.indices(), 2);
        Tensor col = cols.position(colMax.indices(), 3).gather(2, row);
        return new ValuesIndices(rowMax.values(), row.mul(w).add(col));
    }

    /**
     * The adaptive windows of a dim of size in pooled to out: cells() lists each window's positions, padded to
     * the longest window's length by repeating its last position (a repeat cannot change a max).
     */
    private record Windows(long[] positions, int out, int length) {
        static Windows of(int in, int out) {
            int length = 0;
            for (int i = 0; i < out; i++) length = Math.max(length, end(i, in, out) - start(i, in, out));
            long[] positions = new long[out * length];
            for (int i = 0; i < out; i++)
                for (int j = 0; j < length; j++) positions[i * length + j] = Math.min(start(i, in, out) + j, end(i, in, out) - 1);
            return new Windows(positions, out, length);
        }

        Tensor cells() { return Tensor.of(positions, positions.length); }

        /** The input position of each window's winner, from its offset within the window; windows run along dim. */
        Tensor position(Tensor offsets, int dim) {
            int[] shape = new int[offsets.dim()];
            Arrays.fill(shape, 1);
            shape[dim] = out;
            long[] first = new long[out];
            for (int i = 0; i < out; i++) first[i] = (long) i * length;
            Tensor flat = offsets.add(Tensor.of(first, shape));
            return cells().indexSelect(0, flat.flatten()).reshape(offsets.shape());
        }

        private static int start(int i, int in, int out) { return (int) ((long) i * in / out); }

        private static int end(int i, int in, int out) { return (int) (((long) (i + 1) * in + out - 1) / out); }
    }

    private static void check1d(String op, Tensor x, int kernel, int stride, int padding) {
        checkSequence(op, x);
        if (kernel <= 0 || stride <= 0)
            throw new IllegalArgumentException(op + ": kernel_size " + kernel + " and stride " + stride + " must be positive");
        if (padding < 0 || padding > kernel / 2)
            throw new IllegalArgumentException(op + ": padding " + padding + " must be between 0 and half the kernel_size " + kernel);
        if (x.size(-1) + 2 * padding < kernel)
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " with padding " + padding + " is shorter than the kernel_size " + kernel);
    }

    private static void checkSequence(String op, Tensor x) {
        if (x.dim() != 2 && x.dim() != 3)
            throw new IllegalArgumentException(op + ": input must be 2-d [c, length] or 3-d [n, c, length], got shape " + Shape.str(x.shape()));
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": input must be floating point, got " + x.dtype());
    }

    private static void checkSize(String op, int size) {
        if (size <= 0) throw new IllegalArgumentException(op + ": output size must be positive, got " + size);
    }
}

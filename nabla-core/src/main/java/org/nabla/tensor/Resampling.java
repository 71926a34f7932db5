package org.nabla.tensor;

import java.util.Arrays;
import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;

/**
 * Resampling of images [n, c, h, w] (or [c, h, w]), as in {@code torch.nn.functional}: adaptive average pooling,
 * max unpooling and interpolation (nearest, bilinear). Pooling and interpolation are built from differentiable
 * ops (average pooling, separable matrix products, indexSelect), so their gradients come for free; max unpooling
 * records its own node to keep PyTorch's backward.
 *
 * <p>Bilinear interpolation and uneven adaptive pooling multiply by interpolation (window) matrices, whose zeros
 * meet every pixel of a row or column: a non-finite input pixel makes its whole plane non-finite, where PyTorch
 * keeps it local.
 */
public final class Resampling {
    private Resampling() {}

    // ------------------------------------------------------------ adaptive average pooling

    /**
     * Averages over the windows start = floor(i * in / out), end = ceil((i + 1) * in / out) of each spatial dim
     * (PyTorch's adaptive_avg_pool2d), so the windows cover the input even when out does not divide it.
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int[] outputSize) {
        String op = "adaptive_avg_pool2d";
        checkImage(op, x);
        int[] size = positivePair(op, "output size", outputSize);
        int h = x.size(-2), w = x.size(-1);
        if (size[0] == 1 && size[1] == 1) return x.mean(new int[] {-2, -1}, true);
        if (h % size[0] == 0 && w % size[1] == 0) {
            // Equal windows: plain average pooling with kernel = stride.
            int[] k = {h / size[0], w / size[1]};
            return Pooling.avgPool2d(x, k, k, new int[] {0, 0}, false, true);
        }
        // Uneven windows: out = A_h x A_w^T, with A's rows holding 1/len over each window.
        return separable(x, windowMatrix(size[0], h, x.dtype()), windowMatrix(size[1], w, x.dtype()));
    }

    /**
     * ah x aw^T for each plane of x: a linear map that acts on rows and columns separately, as two GEMMs (O(in)
     * multiply-adds per output, fast for feature-map sizes; the gradient is two more). The column pass is one
     * [n * c * h, w] x [w, outW] product.
     */
    private static Tensor separable(Tensor x, Tensor ah, Tensor aw) {
        int[] shape = x.shape();
        int w = shape[shape.length - 1];
        shape[shape.length - 1] = aw.size(0);
        Tensor cols = x.reshape(-1, w).matmul(aw.t()).view(shape);
        return ah.matmul(cols);
    }

    /** [out, in] with 1/(end - start) over each adaptive window. */
    private static Tensor windowMatrix(int out, int in, DType dtype) {
        double[] a = new double[out * in];
        for (int i = 0; i < out; i++) {
            int start = (int) ((long) i * in / out), end = (int) (((long) (i + 1) * in + out - 1) / out);
            for (int j = start; j < end; j++) a[i * in + j] = 1.0 / (end - start);
        }
        return Tensor.of(a, out, in).to(dtype);
    }

    // ------------------------------------------------------------ max unpooling

    /**
     * The inverse of max pooling: x [n, c, h, w] and the indices {@link Pooling#maxPool2dWithIndices} returned
     * (flat positions within each output plane) give zeros of outputSize with each value written at its index.
     * An index repeated by overlapping windows holds one value, written once, as in PyTorch; the backward,
     * also as in PyTorch, hands every input the output gradient at its index.
     */
    public static Tensor maxUnpool2d(Tensor x, Tensor indices, int[] outputSize) {
        String op = "max_unpool2d";
        checkImage(op, x);
        if (indices.dtype().isFloating() || !Arrays.equals(indices.shape(), x.shape()))
            throw new IllegalArgumentException(op + ": indices must be an integer tensor of the input's shape " + Shape.str(x.shape())
                    + ", got " + indices.dtype() + " " + Shape.str(indices.shape()));
        if (x.dim() == 3) return maxUnpool2d(x.unsqueeze(0), indices.unsqueeze(0), outputSize).squeeze(0);
        int[] size = positivePair(op, "output size", outputSize);
        int n = x.size(0), c = x.size(1), plane = size[0] * size[1];
        int[] shape = x.shape();
        Tensor idx = indices.reshape(n, c, -1);
        if (idx.numel() == 0) return Tensor.zeros(x.dtype(), n, c, size[0], size[1]);
        long lo = (long) idx.min().item(), hi = (long) idx.max().item();
        if (lo < 0 || hi >= plane)
            throw new IllegalArgumentException(op + ": index " + (lo < 0 ? lo : hi) + " is outside the output plane of "
                    + size[0] + " x " + size[1] + " (input " + Shape.str(shape) + ")");
        Tensor out;
        try (var s = GradMode.noGrad()) {
            Tensor src = x.reshape(n, c, -1);
            out = Tensor.zeros(x.dtype(), n, c, plane).scatterAdd(2, idx, src);
            Tensor count = Tensor.zeros(x.dtype(), n, c, plane).scatterAdd(2, idx, Tensor.onesLike(src));
            // Overlapping windows repeat an index with the same value: keep it once.
            if (count.max().item() > 1) out = out.div(count.clampMin(1));
            out = out.reshape(n, c, size[0], size[1]);
        }
        return Node.record(out, "MaxUnpool2d", x, g -> g.reshape(n, c, -1).gather(2, idx).reshape(shape));
    }

    // ------------------------------------------------------------ interpolation

    /**
     * Resizes to size {h, w} (one value for both) with mode "nearest" or "bilinear"; alignCorners (bilinear only)
     * maps the corner pixels' centres onto each other, as in F.interpolate.
     */
    public static Tensor interpolate(Tensor x, int[] size, String mode, boolean alignCorners) {
        String op = "interpolate";
        checkImage(op, x);
        return resize(op, x, positivePair(op, "size", size), new double[] {0, 0}, mode, alignCorners);
    }

    /**
     * Resizes by scale factors {h, w} (one value for both): the output size is floor(in * factor), and the source
     * coordinates use 1 / factor, as F.interpolate does when given scale_factor (recompute_scale_factor unset).
     */
    public static Tensor interpolate(Tensor x, double[] scaleFactor, String mode, boolean alignCorners) {
        String op = "interpolate";
        checkImage(op, x);
        if (scaleFactor.length != 1 && scaleFactor.length != 2)
            throw new IllegalArgumentException(op + ": scale factor must have 1 or 2 values, got " + Arrays.toString(scaleFactor));
        double[] scale = scaleFactor.length == 1 ? new double[] {scaleFactor[0], scaleFactor[0]} : scaleFactor.clone();
        int[] size = new int[2];
        for (int i = 0; i < 2; i++) {
            if (!(scale[i] > 0) || Double.isInfinite(scale[i]))
                throw new IllegalArgumentException(op + ": scale factor must be positive and finite, got " + Arrays.toString(scaleFactor));
            size[i] = (int) Math.floor(x.size(i - 2 + x.dim()) * scale[i]);
        }
        if (size[0] <= 0 || size[1] <= 0)
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " scaled by " + Arrays.toString(scaleFactor)
                    + " gives the empty output size " + Shape.str(size));
        return resize(op, x, size, scale, mode, alignCorners);
    }

    /** scale[i] is the user's scale factor, or 0 when the size was given. */
    private static Tensor resize(String op, Tensor x, int[] size, double[] scale, String mode, boolean alignCorners) {
        int hDim = x.dim() - 2, wDim = x.dim() - 1;
        int h = x.size(hDim), w = x.size(wDim);
        switch (mode) {
            case "nearest" -> {
                if (alignCorners)
                    throw new IllegalArgumentException(op + ": align_corners can only be set with the interpolating mode 'bilinear', not 'nearest'");
                Tensor y = x;
                if (size[0] != h) y = y.indexSelect(hDim, Tensor.of(nearestIndex(h, size[0], scale[0]), size[0]));
                if (size[1] != w) y = y.indexSelect(wDim, Tensor.of(nearestIndex(w, size[1], scale[1]), size[1]));
                return y;
            }
            case "bilinear" -> {
                // Separable: each output row (column) blends two source rows (columns).
                if (size[0] == h && size[1] == w && isIdentity(h, scale[0], alignCorners) && isIdentity(w, scale[1], alignCorners)) return x;
                return separable(x, linearMatrix(h, size[0], scale[0], alignCorners, x.dtype()),
                        linearMatrix(w, size[1], scale[1], alignCorners, x.dtype()));
            }
            default -> throw new IllegalArgumentException(op + ": mode must be 'nearest' or 'bilinear', got '" + mode + "'");
        }
    }

    /**
     * PyTorch's legacy nearest: src = min(floor(dst * s), in - 1) in float32, with s = 1 / factor when a scale
     * factor was given and in / out otherwise (out == in copies, out == 2 in halves the index).
     */
    private static long[] nearestIndex(int in, int out, double factor) {
        long[] idx = new long[out];
        float s = factor > 0 ? (float) (1.0 / factor) : (float) in / out;
        for (int i = 0; i < out; i++) {
            if (out == 2 * in) idx[i] = i >> 1;
            else idx[i] = Math.min((long) Math.floor((float) i * s), in - 1);
        }
        return idx;
    }

    /** Same size and unit scale: every source coordinate falls on its own pixel. */
    private static boolean isIdentity(int in, double factor, boolean alignCorners) { return alignCorners || factor == 0 || factor == 1 || in == 1; }

    /**
     * [out, in] linear interpolation weights with PyTorch's source coordinate: align_corners maps dst to
     * dst * (in - 1) / (out - 1); otherwise (dst + 0.5) * s - 0.5 clamped at 0, s = 1 / factor or in / out. Row
     * i holds 1 - lambda at floor(src) and lambda at the next pixel (the same one at the last pixel).
     */
    private static Tensor linearMatrix(int in, int out, double factor, boolean alignCorners, DType dtype) {
        double s = alignCorners ? (out > 1 ? (in - 1.0) / (out - 1) : 0) : factor > 0 ? 1.0 / factor : (double) in / out;
        double[] a = new double[out * in];
        for (int i = 0; i < out; i++) {
            double src = alignCorners ? s * i : Math.max(s * (i + 0.5) - 0.5, 0);
            int lo = Math.min((int) Math.floor(src), in - 1);
            double lambda = Math.min(Math.max(src - lo, 0), 1);
            a[i * in + lo] += 1 - lambda;
            a[i * in + lo + (lo < in - 1 ? 1 : 0)] += lambda;
        }
        return Tensor.of(a, out, in).to(dtype);
    }

    // ------------------------------------------------------------ checks

    private static void checkImage(String op, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4)
            throw new IllegalArgumentException(op + ": input must be 3-d [c, h, w] or 4-d [n, c, h, w], got shape " + Shape.str(x.shape()));
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": input must be floating point, got " + x.dtype());
    }

    private static int[] positivePair(String op, String what, int[] v) {
        if (v == null || (v.length != 1 && v.length != 2))
            throw new IllegalArgumentException(op + ": " + what + " must have 1 or 2 values, got " + (v == null ? "null" : Shape.str(v)));
        int[] p = v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
        if (p[0] <= 0 || p[1] <= 0) throw new IllegalArgumentException(op + ": " + what + " must be positive, got " + Shape.str(v));
        return p;
    }
}

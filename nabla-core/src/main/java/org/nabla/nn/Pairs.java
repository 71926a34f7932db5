package org.nabla.nn;

import java.util.Arrays;
import org.nabla.tensor.Tensor;

/** Helpers of the pooling and resampling layers: {height, width} pairs from one or two values, their repr, and input checks. */
final class Pairs {
    private Pairs() {}

    /** {v, v} from one value, a copy of two; anything else is an error naming the layer. */
    static int[] of(String layer, String what, int[] v) {
        if (v == null || (v.length != 1 && v.length != 2))
            throw new IllegalArgumentException(layer + ": " + what + " must have 1 or 2 values, got " + (v == null ? "null" : Arrays.toString(v)));
        return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    }

    /** PyTorch prints the int the user gave, or the tuple: a square pair prints as one int here. */
    static String repr(int[] v) { return v[0] == v[1] ? Integer.toString(v[0]) : ConvNd.tuple(v); }

    /** Throws unless x is [n, c, h, w] or [c, h, w], naming the layer and both shapes. */
    static void checkImage(Module layer, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4)
            throw new IllegalArgumentException(layer + ": expected input [n, c, h, w] or [c, h, w], got " + Arrays.toString(x.shape()));
    }

    /** Throws unless x is [n, c, length] or [c, length], naming the layer and the shape. */
    static void checkSequence(Module layer, Tensor x) {
        if (x.dim() != 2 && x.dim() != 3)
            throw new IllegalArgumentException(layer + ": expected input [n, c, length] or [c, length], got " + Arrays.toString(x.shape()));
    }

    /** A 1-d pooling window: kernel and stride positive, padding at most half the kernel. */
    static void checkWindow(String layer, int kernel, int stride, int padding) {
        if (kernel <= 0 || stride <= 0 || padding < 0 || padding > kernel / 2)
            throw new IllegalArgumentException(layer + ": kernel_size " + kernel + " and stride " + stride + " must be positive and padding "
                    + padding + " at most half the kernel");
    }
}

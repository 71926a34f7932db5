package org.nabla.nn;

import java.util.Arrays;
import org.nabla.tensor.Tensor;

/** Helpers of the 2-D layers: {height, width} pairs from one or two values, their repr, and input checks. */
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

    /** Rethrows an op's argument error with the layer's repr in front. */
    static IllegalArgumentException named(Module layer, IllegalArgumentException e) {
        return new IllegalArgumentException(layer + ": " + e.getMessage(), e);
    }
}

package org.nabla.nn.functional;

import java.util.Arrays;
import org.nabla.tensor.Shape;
import org.nabla.tensor.Tensor;

/**
 * F.pad's modes: "constant", "reflect" (mirror without repeating the edge: 2 1 | 0 1 2 | 1 0) and "replicate"
 * (repeat the edge: 0 0 | 0 1 2 | 2 2). The pad array lists (before, after) pairs from the last dim backwards,
 * as in PyTorch; negative entries crop. Reflect and replicate are one index selection per padded dim, so their
 * gradient is IndexSelect's (the gradients of the copies are added onto the cells they copy).
 */
final class Padding {
    private Padding() {}

    static Tensor pad(Tensor x, int[] pad, String mode, double value) {
        if (pad == null || pad.length % 2 != 0 || pad.length == 0 || pad.length / 2 > x.dim())
            throw new IllegalArgumentException("pad: padding " + (pad == null ? "null" : Shape.str(pad)) + " must have an even, non-zero length of at most twice the rank "
                    + x.dim() + " (input " + Shape.str(x.shape()) + ")");
        return switch (mode) {
            case "constant" -> constant(x, pad, value);
            case "reflect", "replicate" -> {
                int k = pad.length / 2;
                if (k > 3 || (x.dim() != k + 1 && x.dim() != k + 2))
                    throw new IllegalArgumentException("pad: mode '" + mode + "' pads the last 1, 2 or 3 dims of an input with one or two more dims (batch, channel),"
                            + " got padding " + Shape.str(pad) + " for input " + Shape.str(x.shape()));
                String context = "padding " + Shape.str(pad) + " of input " + Shape.str(x.shape());
                Tensor y = x;
                for (int i = 0; i < k; i++) {
                    int dim = x.dim() - 1 - i;
                    long[] idx = sourceIndex(mode, x.size(dim), pad[2 * i], pad[2 * i + 1], context);
                    y = y.indexSelect(dim, Tensor.of(idx, idx.length));
                }
                yield y;
            }
            default -> throw new IllegalArgumentException("pad: mode must be 'constant', 'reflect' or 'replicate', got '" + mode + "'");
        };
    }

    /** Crops the negative entries with narrow, then pads the rest with value. */
    private static Tensor constant(Tensor x, int[] pad, double value) {
        Tensor y = x;
        int[] grow = pad.clone();
        for (int i = 0; i < pad.length / 2; i++) {
            int dim = x.dim() - 1 - i, before = Math.min(pad[2 * i], 0), after = Math.min(pad[2 * i + 1], 0);
            int length = y.size(dim) + before + after;
            if (length < 0)
                throw new IllegalArgumentException("pad: padding " + Shape.str(pad) + " crops more than dim " + dim + " of input " + Shape.str(x.shape()) + " holds");
            if (before < 0 || after < 0) y = y.narrow(dim, -before, length);
            grow[2 * i] = Math.max(pad[2 * i], 0);
            grow[2 * i + 1] = Math.max(pad[2 * i + 1], 0);
        }
        return Arrays.stream(grow).allMatch(p -> p == 0) ? y : y.pad(grow, value);
    }

    /** For each output position j - before (j from 0), the input position it copies. */
    private static long[] sourceIndex(String mode, int n, int before, int after, String context) {
        int length = n + before + after;
        if (length <= 0) throw new IllegalArgumentException("pad: " + context + " leaves nothing of a dim of size " + n);
        boolean reflect = mode.equals("reflect");
        if (reflect && (before >= n || after >= n))
            throw new IllegalArgumentException("pad: reflect " + context + " must be smaller than the padded dim's size " + n);
        long[] idx = new long[length];
        for (int j = 0; j < length; j++) {
            int src = j - before;
            if (src < 0) src = reflect ? -src : 0;
            else if (src >= n) src = reflect ? 2 * (n - 1) - src : n - 1;
            idx[j] = src;
        }
        return idx;
    }
}

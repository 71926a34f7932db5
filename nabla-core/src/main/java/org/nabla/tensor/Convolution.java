package org.nabla.tensor;

import org.nabla.autograd.Node;
import org.nabla.backend.Conv2dSpec;

/**
 * Convolutions, as in {@code torch.nn.functional}: conv1d, conv2d and conv_transpose2d (zero padding, stride,
 * dilation, groups). Three primitives carry everything: the convolution, its input gradient (which is the
 * transposed convolution) and its weight gradient. Each is linear in both arguments, so each one's backward is
 * made of the other two, and higher-order gradients come for free.
 */
public final class Convolution {
    private Convolution() {}

    /** conv2d with stride 1, no padding, no dilation, one group. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return conv2d(x, weight, bias, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1);
    }

    /**
     * x [n, c, h, w] (or [c, h, w]), weight [o, c/groups, kh, kw], bias [o] or null; stride, padding and dilation
     * are {height, width} pairs. Returns [n, o, outH, outW].
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        if (x.dim() == 3) return conv2d(x.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
        String op = "conv2d";
        checkRank(op, "input", x, 4, "[n, c, h, w]");
        checkRank(op, "weight", weight, 4, "[out_channels, in_channels/groups, kh, kw]");
        checkPairs(op, stride, padding, dilation);
        int[] xs = x.shape(), ws = weight.shape();
        checkGroups(op, groups, xs[1], ws[0], ws[1], x, weight);
        Conv2dSpec spec = new Conv2dSpec(xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3],
                stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
        checkOutput(op, spec, x, weight);
        checkBias(op, bias, ws[0]);
        return conv(x, weight, bias, spec);
    }

    /** x [n, c, l] (or [c, l]), weight [o, c/groups, k]; stride, padding, dilation are single ints. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        if (x.dim() == 2) return conv1d(x.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
        checkRank("conv1d", "input", x, 3, "[n, c, length]");
        checkRank("conv1d", "weight", weight, 3, "[out_channels, in_channels/groups, k]");
        return conv2d(x.unsqueeze(2), weight.unsqueeze(2), bias, new int[] {1, stride}, new int[] {0, padding},
                new int[] {1, dilation}, groups).squeeze(2);
    }

    /**
     * The transposed convolution (the adjoint of conv2d): x [n, c_in, h, w], weight [c_in, c_out/groups, kh, kw].
     * Output size per dim: (in - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1.
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int[] dilation, int groups) {
        if (x.dim() == 3) return convTranspose2d(x.unsqueeze(0), weight, bias, stride, padding, outputPadding, dilation, groups).squeeze(0);
        String op = "conv_transpose2d";
        checkRank(op, "input", x, 4, "[n, c, h, w]");
        checkRank(op, "weight", weight, 4, "[in_channels, out_channels/groups, kh, kw]");
        checkPairs(op, stride, padding, dilation);
        if (outputPadding.length != 2 || outputPadding[0] < 0 || outputPadding[1] < 0
                || (outputPadding[0] >= stride[0] && outputPadding[0] >= dilation[0])
                || (outputPadding[1] >= stride[1] && outputPadding[1] >= dilation[1]))
            throw new IllegalArgumentException(op + ": output padding " + Shape.str(outputPadding)
                    + " must be a non-negative pair smaller than the stride or the dilation");
        int[] xs = x.shape(), ws = weight.shape();
        if (xs[1] != ws[0])
            throw new IllegalArgumentException(op + ": input has " + xs[1] + " channels but weight " + Shape.str(ws)
                    + " expects " + ws[0] + " (input shape " + Shape.str(xs) + ")");
        int outC = ws[1] * groups;
        checkGroups(op, groups, outC, xs[1], ws[1], x, weight);
        int outH = (xs[2] - 1) * stride[0] - 2 * padding[0] + dilation[0] * (ws[2] - 1) + outputPadding[0] + 1;
        int outW = (xs[3] - 1) * stride[1] - 2 * padding[1] + dilation[1] * (ws[3] - 1) + outputPadding[1] + 1;
        if (outH <= 0 || outW <= 0)
            throw new IllegalArgumentException(op + ": output size [" + outH + ", " + outW + "] is not positive for input "
                    + Shape.str(xs) + " and weight " + Shape.str(ws));
        // The convolution whose input gradient this is: its input is our output, its output our input.
        Conv2dSpec spec = new Conv2dSpec(xs[0], outC, outH, outW, xs[1], ws[2], ws[3],
                stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
        if (spec.outH() != xs[2] || spec.outW() != xs[3])
            throw new IllegalArgumentException(op + ": inconsistent geometry for input " + Shape.str(xs) + " and weight " + Shape.str(ws));
        return addBias(op, convInput(x, weight, spec), bias, outC);
    }

    // ------------------------------------------------------------ the three primitives

    /** The convolution, with the bias (null for none) added in the same pass. */
    static Tensor conv(Tensor x, Tensor w, Tensor bias, Conv2dSpec s) {
        Tensor xc = sameType(x, w), wc = sameType(w, x);
        Storage out = Tensor.backend().conv2d(xc.storage(), xc.layout(), wc.storage(), wc.layout(),
                bias == null ? null : bias.storage(), bias == null ? null : bias.layout(), s);
        Tensor y = Tensor.of(out, new int[] {s.n(), s.o(), s.outH(), s.outW()});
        if (bias == null) return Node.record(y, "Conv2d", x, g -> convInput(g, w, s), w, g -> convWeight(g, x, s));
        return Node.record(y, "Conv2d", x, g -> convInput(g, w, s), w, g -> convWeight(g, x, s),
                bias, g -> g.sum(new int[] {0, 2, 3}, false));
    }

    static Tensor convInput(Tensor dy, Tensor w, Conv2dSpec s) {
        Tensor dyc = sameType(dy, w), wc = sameType(w, dy);
        Tensor out = Tensor.of(Tensor.backend().conv2dInputGrad(dyc.storage(), dyc.layout(), wc.storage(), wc.layout(), s),
                new int[] {s.n(), s.c(), s.h(), s.w()});
        return Node.record(out, "ConvTranspose2d", dy, g -> conv(g, w, null, s), w, g -> convWeight(dy, g, s));
    }

    static Tensor convWeight(Tensor dy, Tensor x, Conv2dSpec s) {
        Tensor dyc = sameType(dy, x), xc = sameType(x, dy);
        Tensor out = Tensor.of(Tensor.backend().conv2dWeightGrad(dyc.storage(), dyc.layout(), xc.storage(), xc.layout(), s),
                new int[] {s.o(), s.cg(), s.kh(), s.kw()});
        return Node.record(out, "Conv2dWeightGrad", dy, g -> conv(x, g, null, s), x, g -> convInput(dy, g, s));
    }

    // ------------------------------------------------------------ checks

    private static Tensor sameType(Tensor t, Tensor other) {
        DType type = Elementwise.resultType(t, other);
        if (!type.isFloating()) type = DType.FLOAT32;
        return Elementwise.rawCast(t, type);
    }

    private static void checkBias(String op, Tensor bias, int channels) {
        if (bias != null && (bias.dim() != 1 || bias.size(0) != channels))
            throw new IllegalArgumentException(op + ": bias must have shape [" + channels + "], got " + Shape.str(bias.shape()));
    }

    private static Tensor addBias(String op, Tensor out, Tensor bias, int channels) {
        if (bias == null) return out;
        checkBias(op, bias, channels);
        return out.add(bias.view(1, channels, 1, 1));
    }

    private static void checkRank(String op, String what, Tensor t, int rank, String expected) {
        if (t.dim() != rank)
            throw new IllegalArgumentException(op + ": " + what + " must be " + rank + "-d " + expected + ", got shape " + Shape.str(t.shape()));
        if (!t.dtype().isFloating())
            throw new IllegalArgumentException(op + ": " + what + " must be floating point, got " + t.dtype());
    }

    private static void checkPairs(String op, int[] stride, int[] padding, int[] dilation) {
        if (stride.length != 2 || padding.length != 2 || dilation.length != 2)
            throw new IllegalArgumentException(op + ": stride, padding and dilation must be {height, width} pairs, got "
                    + Shape.str(stride) + ", " + Shape.str(padding) + ", " + Shape.str(dilation));
        for (int i = 0; i < 2; i++) {
            if (stride[i] <= 0) throw new IllegalArgumentException(op + ": stride must be positive, got " + Shape.str(stride));
            if (dilation[i] <= 0) throw new IllegalArgumentException(op + ": dilation must be positive, got " + Shape.str(dilation));
            if (padding[i] < 0) throw new IllegalArgumentException(op + ": padding must be non-negative, got " + Shape.str(padding));
        }
    }

    private static void checkGroups(String op, int groups, int inC, int outC, int weightInC, Tensor x, Tensor w) {
        if (groups <= 0 || inC % groups != 0 || outC % groups != 0)
            throw new IllegalArgumentException(op + ": groups " + groups + " must divide both the input channels (" + inC
                    + ") and the output channels (" + outC + ")");
        if (inC / groups != weightInC && op.equals("conv2d"))
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " has " + inC + " channels, but weight "
                    + Shape.str(w.shape()) + " expects " + weightInC * groups + " (" + weightInC + " per group x " + groups + " groups)");
    }

    private static void checkOutput(String op, Conv2dSpec s, Tensor x, Tensor w) {
        if (s.outH() <= 0 || s.outW() <= 0)
            throw new IllegalArgumentException(op + ": input " + Shape.str(x.shape()) + " padded by [" + s.padH() + ", " + s.padW()
                    + "] is smaller than the dilated kernel of weight " + Shape.str(w.shape()));
    }
}

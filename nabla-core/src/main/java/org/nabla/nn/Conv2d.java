package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * 2-D convolution over [n, c, h, w] (or [c, h, w]) input, like {@code torch.nn.Conv2d}: stride, zero padding
 * (integers, "valid" or "same"), dilation, groups and bias. Weight [out, in/groups, kh, kw]; default
 * initialisation in {@link ConvNd}.
 */
public final class Conv2d extends ConvNd {

    /** Stride 1, no padding. */
    public Conv2d(int in, int out, int kernel) { this(builder(in, out, kernel)); }

    /** PyTorch's positional order: kernel, stride, padding. */
    public Conv2d(int in, int out, int kernel, int stride, int padding) { this(builder(in, out, kernel).stride(stride).padding(padding)); }

    private Conv2d(Builder<Conv2d> b) { super(b, false); }

    /** A square kernel; set the other options on the builder. */
    public static Builder<Conv2d> builder(int in, int out, int kernel) { return builder(in, out, kernel, kernel); }

    public static Builder<Conv2d> builder(int in, int out, int kh, int kw) {
        return new Builder<>("Conv2d", 2, false, in, out, new int[] {kh, kw}, Conv2d::new);
    }

    @Override
    Tensor convolve(Tensor x, Tensor w, Tensor b) {
        int[] pad = padding;
        if ("same".equals(paddingMode)) {
            // Symmetric padding inside the convolution, plus one more row/column at the end when the total is odd.
            pad = samePaddingLeft();
            int[] extra = samePaddingExtra();
            if (extra[0] + extra[1] > 0) x = x.pad(new int[] {0, extra[1], 0, extra[0]}, 0);
        }
        return F.conv2d(x, w, b, stride, pad, dilation, groups);
    }
}

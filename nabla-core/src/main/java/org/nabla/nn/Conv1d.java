package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * 1-D convolution over [n, c, length] (or [c, length]) input, like {@code torch.nn.Conv1d}: stride, zero
 * padding (an integer, "valid" or "same"), dilation, groups and bias. Weight [out, in/groups, k]; default
 * initialisation in {@link ConvNd}.
 */
public final class Conv1d extends ConvNd {

    /** Stride 1, no padding. */
    public Conv1d(int in, int out, int kernel) { this(builder(in, out, kernel)); }

    /** PyTorch's positional order: kernel, stride, padding. */
    public Conv1d(int in, int out, int kernel, int stride, int padding) { this(builder(in, out, kernel).stride(stride).padding(padding)); }

    private Conv1d(Builder<Conv1d> b) { super(b, false); }

    public static Builder<Conv1d> builder(int in, int out, int kernel) {
        return new Builder<>("Conv1d", 1, false, in, out, new int[] {kernel}, Conv1d::new);
    }

    @Override
    Tensor convolve(Tensor x, Tensor w, Tensor b) {
        int pad = padding[0];
        if ("same".equals(paddingMode)) {
            // Symmetric padding inside the convolution, plus one more step at the end when the total is odd.
            pad = samePaddingLeft()[0];
            int extra = samePaddingExtra()[0];
            if (extra > 0) x = x.pad(new int[] {0, extra}, 0);
        }
        return F.conv1d(x, w, b, stride[0], pad, dilation[0], groups);
    }
}

package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * 2-D transposed convolution (the adjoint of {@link Conv2d}, "deconvolution"), like {@code torch.nn.ConvTranspose2d}:
 * output size (in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1. Weight
 * [in, out/groups, kh, kw]; default initialisation in {@link ConvNd} (fan_in = out/groups * kh * kw, as in PyTorch).
 */
public final class ConvTranspose2d extends ConvNd {

    /** Stride 1, no padding. */
    public ConvTranspose2d(int in, int out, int kernel) { this(builder(in, out, kernel)); }

    /** PyTorch's positional order: kernel, stride, padding. */
    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding) {
        this(builder(in, out, kernel).stride(stride).padding(padding));
    }

    private ConvTranspose2d(Builder<ConvTranspose2d> b) { super(b, true); }

    public static Builder<ConvTranspose2d> builder(int in, int out, int kernel) { return builder(in, out, kernel, kernel); }

    public static Builder<ConvTranspose2d> builder(int in, int out, int kh, int kw) {
        return new Builder<>("ConvTranspose2d", 2, true, in, out, new int[] {kh, kw}, ConvTranspose2d::new);
    }

    @Override
    Tensor convolve(Tensor x, Tensor w, Tensor b) {
        return F.convTranspose2d(x, w, b, stride, padding, outputPadding, dilation, groups);
    }
}

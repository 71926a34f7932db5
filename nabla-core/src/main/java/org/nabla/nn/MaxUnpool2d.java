package org.nabla.nn;

import java.util.Arrays;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * The partial inverse of {@link MaxPool2d}, like {@code torch.nn.MaxUnpool2d}: each pooled value goes back to the
 * position its index names (from {@link MaxPool2d#callWithIndices}), every other cell is zero. The output size
 * is (in - 1) * stride - 2 * padding + kernel unless given; a given size must lie within a stride of that, as in
 * PyTorch (an odd input size pooled by 2 is undone exactly by passing the original size). It takes two inputs, so
 * it is invoked with {@link #call(Tensor, Tensor)}.
 */
public final class MaxUnpool2d extends Module {
    private final int[] kernel, stride, padding;

    public MaxUnpool2d(int kernel) { this(new int[] {kernel}, null, new int[] {0}); }

    public MaxUnpool2d(int kernel, int stride, int padding) { this(new int[] {kernel}, new int[] {stride}, new int[] {padding}); }

    /** Each of kernel, stride and padding is one value or a {height, width} pair; a null stride is the kernel. */
    public MaxUnpool2d(int[] kernel, int[] stride, int[] padding) {
        this.kernel = Pairs.of("MaxUnpool2d", "kernel_size", kernel);
        this.stride = stride == null ? this.kernel.clone() : Pairs.of("MaxUnpool2d", "stride", stride);
        this.padding = Pairs.of("MaxUnpool2d", "padding", padding);
        for (int i = 0; i < 2; i++)
            if (this.kernel[i] <= 0 || this.stride[i] <= 0 || this.padding[i] < 0)
                throw new IllegalArgumentException(this + ": kernel and stride must be positive and padding non-negative");
    }

    /** Unpools to the default output size, through {@link #invoke} (forward hooks see it). */
    public Tensor call(Tensor x, Tensor indices) { return call(x, indices, null); }

    /** Unpools to outputSize ({h, w}, a full shape, or null for the default), through {@link #invoke}. */
    public Tensor call(Tensor x, Tensor indices, int[] outputSize) { return invoke(() -> forward(x, indices, outputSize), x, indices, outputSize); }

    /** Unpools to the default output size. */
    public Tensor forward(Tensor x, Tensor indices) { return forward(x, indices, null); }

    /** Unpools to outputSize: {h, w}, or a full shape whose last two entries are taken; null for the default. */
    public Tensor forward(Tensor x, Tensor indices, int[] outputSize) {
        Pairs.checkImage(this, x);
        if (!Arrays.equals(indices.shape(), x.shape()))
            throw new IllegalArgumentException(this + ": expected indices of the input's shape " + Arrays.toString(x.shape()) + ", got "
                    + Arrays.toString(indices.shape()));
        int[] size = new int[2];
        for (int i = 0; i < 2; i++) {
            int in = x.size(x.dim() - 2 + i);
            int dflt = (in - 1) * stride[i] - 2 * padding[i] + kernel[i];
            if (outputSize == null) {
                size[i] = dflt;
                continue;
            }
            if (outputSize.length != 2 && outputSize.length != x.dim())
                throw new IllegalArgumentException(this + ": output size must have 2 or " + x.dim() + " values, got " + Arrays.toString(outputSize));
            size[i] = outputSize[outputSize.length - 2 + i];
            if (size[i] < dflt - stride[i] || size[i] > dflt + stride[i])
                throw new IllegalArgumentException(this + ": output size " + Arrays.toString(outputSize) + " is invalid for input "
                        + Arrays.toString(x.shape()) + " (dim " + i + " must be between " + (dflt - stride[i]) + " and " + (dflt + stride[i]) + ")");
        }
        return named(() -> F.maxUnpool2d(x, indices, size));
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + ConvNd.tuple(kernel) + ", stride=" + ConvNd.tuple(stride) + ", padding=" + ConvNd.tuple(padding);
    }
}

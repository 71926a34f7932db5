package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.ValuesIndices;

/**
 * 2-D max pooling, like {@code torch.nn.MaxPool2d}: kernel, stride (the kernel by default; smaller strides
 * overlap the windows), padding (at most half the kernel; padded cells never win) and ceil_mode (a last partial
 * window). PyTorch's return_indices=True is {@link #callWithIndices}, whose indices feed {@link MaxUnpool2d}.
 */
public final class MaxPool2d extends Module {
    private final int[] kernel, stride, padding;
    private final boolean ceilMode;

    public MaxPool2d(int kernel) { this(new int[] {kernel}, null, new int[] {0}, false); }

    public MaxPool2d(int kernel, int stride) { this(new int[] {kernel}, new int[] {stride}, new int[] {0}, false); }

    public MaxPool2d(int kernel, int stride, int padding, boolean ceilMode) {
        this(new int[] {kernel}, new int[] {stride}, new int[] {padding}, ceilMode);
    }

    /** Each of kernel, stride and padding is one value or a {height, width} pair; a null stride is the kernel. */
    public MaxPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        this.kernel = Pairs.of("MaxPool2d", "kernel_size", kernel);
        this.stride = stride == null ? this.kernel.clone() : Pairs.of("MaxPool2d", "stride", stride);
        this.padding = Pairs.of("MaxPool2d", "padding", padding);
        this.ceilMode = ceilMode;
        for (int i = 0; i < 2; i++)
            if (this.kernel[i] <= 0 || this.stride[i] <= 0 || this.padding[i] < 0 || this.padding[i] > this.kernel[i] / 2)
                throw new IllegalArgumentException(this + ": kernel and stride must be positive and padding at most half the kernel");
    }

    @Override
    public Tensor forward(Tensor x) { return forwardWithIndices(x).values(); }

    /** The pooled values and, for each, the flat index of the winning cell within its input plane (int64). */
    public ValuesIndices forwardWithIndices(Tensor x) {
        Pairs.checkImage(this, x);
        return named(() -> F.maxPool2dWithIndices(x, kernel, stride, padding, ceilMode));
    }

    /** {@link #forwardWithIndices} through {@link #invoke}, so forward hooks see it. */
    public ValuesIndices callWithIndices(Tensor x) { return invoke(() -> forwardWithIndices(x), x); }

    public int[] kernelSize() { return kernel.clone(); }

    public int[] stride() { return stride.clone(); }

    public int[] padding() { return padding.clone(); }

    public boolean ceilMode() { return ceilMode; }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Pairs.repr(kernel) + ", stride=" + Pairs.repr(stride) + ", padding=" + Pairs.repr(padding)
                + ", dilation=1, ceil_mode=" + (ceilMode ? "True" : "False");
    }
}

package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * 2-D average pooling, like {@code torch.nn.AvgPool2d}: kernel, stride (the kernel by default), padding (at most
 * half the kernel), ceil_mode, and count_include_pad (default true: padded zeros count in the divisor; a window
 * that ceil mode lets run past the padding never counts those cells, as in PyTorch).
 */
public final class AvgPool2d extends Module {
    private final int[] kernel, stride, padding;
    private final boolean ceilMode, countIncludePad;

    public AvgPool2d(int kernel) { this(new int[] {kernel}, null, new int[] {0}, false, true); }

    public AvgPool2d(int kernel, int stride) { this(new int[] {kernel}, new int[] {stride}, new int[] {0}, false, true); }

    public AvgPool2d(int kernel, int stride, int padding) { this(new int[] {kernel}, new int[] {stride}, new int[] {padding}, false, true); }

    /** Each of kernel, stride and padding is one value or a {height, width} pair; a null stride is the kernel. */
    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        this.kernel = Pairs.of("AvgPool2d", "kernel_size", kernel);
        this.stride = stride == null ? this.kernel.clone() : Pairs.of("AvgPool2d", "stride", stride);
        this.padding = Pairs.of("AvgPool2d", "padding", padding);
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        for (int i = 0; i < 2; i++)
            if (this.kernel[i] <= 0 || this.stride[i] <= 0 || this.padding[i] < 0 || this.padding[i] > this.kernel[i] / 2)
                throw new IllegalArgumentException(this + ": kernel and stride must be positive and padding at most half the kernel");
    }

    @Override
    public Tensor forward(Tensor x) {
        Pairs.checkImage(this, x);
        return named(() -> F.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad));
    }

    public int[] kernelSize() { return kernel.clone(); }

    public int[] stride() { return stride.clone(); }

    public int[] padding() { return padding.clone(); }

    public boolean ceilMode() { return ceilMode; }

    public boolean countIncludePad() { return countIncludePad; }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Pairs.repr(kernel) + ", stride=" + Pairs.repr(stride) + ", padding=" + Pairs.repr(padding);
    }
}

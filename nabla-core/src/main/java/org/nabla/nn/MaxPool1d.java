package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * 1-D max pooling over [N, C, L] or [C, L], like {@code torch.nn.MaxPool1d}: kernel, stride (the kernel by
 * default), padding (at most half the kernel; padded cells never win) and ceil_mode.
 */
public final class MaxPool1d extends Module {
    private final int kernel, stride, padding;
    private final boolean ceilMode;

    public MaxPool1d(int kernel) { this(kernel, kernel, 0, false); }

    public MaxPool1d(int kernel, int stride) { this(kernel, stride, 0, false); }

    public MaxPool1d(int kernel, int stride, int padding, boolean ceilMode) {
        Pairs.checkWindow("MaxPool1d", kernel, stride, padding);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        Pairs.checkSequence(this, x);
        return named(() -> F.maxPool1d(x, kernel, stride, padding, ceilMode));
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding + ", dilation=1, ceil_mode=" + PyRepr.bool(ceilMode);
    }
}

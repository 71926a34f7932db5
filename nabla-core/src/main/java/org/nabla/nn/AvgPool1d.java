package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * 1-D average pooling over [N, C, L] or [C, L], like {@code torch.nn.AvgPool1d}: kernel, stride (the kernel by
 * default), padding (at most half the kernel), ceil_mode and count_include_pad (default true: padded zeros count
 * in the divisor).
 */
public final class AvgPool1d extends Module {
    private final int kernel, stride, padding;
    private final boolean ceilMode, countIncludePad;

    public AvgPool1d(int kernel) { this(kernel, kernel, 0, false, true); }

    public AvgPool1d(int kernel, int stride) { this(kernel, stride, 0, false, true); }

    public AvgPool1d(int kernel, int stride, int padding) { this(kernel, stride, padding, false, true); }

    public AvgPool1d(int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        Pairs.checkWindow("AvgPool1d", kernel, stride, padding);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        Pairs.checkSequence(this, x);
        return named(() -> F.avgPool1d(x, kernel, stride, padding, ceilMode, countIncludePad));
    }

    /** As PyTorch prints it: one-element tuples. */
    @Override
    protected String extraRepr() { return "kernel_size=(" + kernel + ",), stride=(" + stride + ",), padding=(" + padding + ",)"; }
}

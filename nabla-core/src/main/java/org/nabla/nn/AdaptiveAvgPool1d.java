package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * Average pooling of [N, C, L] or [C, L] to a fixed length whatever the input length, like
 * {@code torch.nn.AdaptiveAvgPool1d}: output i averages input positions floor(i * L / out) to ceil((i + 1) * L / out).
 */
public final class AdaptiveAvgPool1d extends Module {
    private final int size;

    public AdaptiveAvgPool1d(int size) {
        if (size <= 0) throw new IllegalArgumentException("AdaptiveAvgPool1d: output size must be positive, got " + size);
        this.size = size;
    }

    @Override
    public Tensor forward(Tensor x) {
        Pairs.checkSequence(this, x);
        return named(() -> F.adaptiveAvgPool1d(x, size));
    }

    public int outputSize() { return size; }

    @Override
    protected String extraRepr() { return "output_size=" + size; }
}

package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.ValuesIndices;

/**
 * Max pooling of [N, C, L] or [C, L] to a fixed length whatever the input length, like
 * {@code torch.nn.AdaptiveMaxPool1d}: output i is the max of input positions floor(i * L / out) to
 * ceil((i + 1) * L / out). PyTorch's return_indices=True is {@link #callWithIndices}.
 */
public final class AdaptiveMaxPool1d extends Module {
    private final int size;

    public AdaptiveMaxPool1d(int size) {
        if (size <= 0) throw new IllegalArgumentException("AdaptiveMaxPool1d: output size must be positive, got " + size);
        this.size = size;
    }

    @Override
    public Tensor forward(Tensor x) {
        Pairs.checkSequence(this, x);
        return named(() -> F.adaptiveMaxPool1d(x, size));
    }

    /** The pooled values and each one's position along the input (int64). */
    public ValuesIndices forwardWithIndices(Tensor x) {
        Pairs.checkSequence(this, x);
        return named(() -> F.adaptiveMaxPool1dWithIndices(x, size));
    }

    /** {@link #forwardWithIndices} through {@link #invoke}, so forward hooks see it. */
    public ValuesIndices callWithIndices(Tensor x) { return invoke(() -> forwardWithIndices(x), x); }

    public int outputSize() { return size; }

    @Override
    protected String extraRepr() { return "output_size=" + size; }
}

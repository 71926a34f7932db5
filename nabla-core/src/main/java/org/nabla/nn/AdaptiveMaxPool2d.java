package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.ValuesIndices;

/**
 * Max pooling to a fixed output size whatever the input size, like {@code torch.nn.AdaptiveMaxPool2d}: output
 * cell (i, j) is the max of input rows floor(i * h / outH) to ceil((i + 1) * h / outH) and the likewise columns.
 * Output size 1 is global max pooling. PyTorch's return_indices=True is {@link #callWithIndices}, whose indices
 * (flat within each plane) feed {@link MaxUnpool2d}.
 */
public final class AdaptiveMaxPool2d extends Module {
    private final int[] size;

    public AdaptiveMaxPool2d(int size) { this(new int[] {size}); }

    public AdaptiveMaxPool2d(int h, int w) { this(new int[] {h, w}); }

    private AdaptiveMaxPool2d(int[] size) {
        this.size = Pairs.of("AdaptiveMaxPool2d", "output_size", size);
        if (this.size[0] <= 0 || this.size[1] <= 0) throw new IllegalArgumentException(this + ": output size must be positive");
    }

    @Override
    public Tensor forward(Tensor x) {
        Pairs.checkImage(this, x);
        return named(() -> F.adaptiveMaxPool2d(x, size));
    }

    /** The pooled values and, for each, the flat index of the winning cell within its input plane (int64). */
    public ValuesIndices forwardWithIndices(Tensor x) {
        Pairs.checkImage(this, x);
        return named(() -> F.adaptiveMaxPool2dWithIndices(x, size));
    }

    /** {@link #forwardWithIndices} through {@link #invoke}, so forward hooks see it. */
    public ValuesIndices callWithIndices(Tensor x) { return invoke(() -> forwardWithIndices(x), x); }

    public int[] outputSize() { return size.clone(); }

    @Override
    protected String extraRepr() { return "output_size=" + Pairs.repr(size); }
}

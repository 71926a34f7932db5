package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * Average pooling to a fixed output size whatever the input size, like {@code torch.nn.AdaptiveAvgPool2d}: output
 * cell i averages input rows floor(i * in / out) to ceil((i + 1) * in / out) (likewise for columns). Output size 1
 * is global average pooling.
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int[] size;

    public AdaptiveAvgPool2d(int size) { this(new int[] {size}); }

    public AdaptiveAvgPool2d(int h, int w) { this(new int[] {h, w}); }

    private AdaptiveAvgPool2d(int[] size) {
        this.size = Pairs.of("AdaptiveAvgPool2d", "output_size", size);
        if (this.size[0] <= 0 || this.size[1] <= 0) throw new IllegalArgumentException(this + ": output size must be positive");
    }

    @Override
    public Tensor forward(Tensor x) {
        Pairs.checkImage(this, x);
        return named(() -> F.adaptiveAvgPool2d(x, size));
    }

    public int[] outputSize() { return size.clone(); }

    @Override
    protected String extraRepr() { return "output_size=" + Pairs.repr(size); }
}

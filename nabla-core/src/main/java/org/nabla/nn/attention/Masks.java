package org.nabla.nn.attention;

import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/** The usual attention masks, in the conventions of this package's modules (see the package documentation). */
public final class Masks {
    private Masks() {}

    /**
     * The causal ("square subsequent") mask of PyTorch's {@code Transformer.generate_square_subsequent_mask}: float32
     * [size, size], -inf above the diagonal (a position may not attend to later ones) and 0 elsewhere.
     */
    public static Tensor causal(int size) {
        if (size <= 0) throw new IllegalArgumentException("Masks.causal: size must be positive, got " + size);
        Tensor above = Tensor.ones(size, size).triu(1);
        return Tensor.where(above, Tensor.scalar(Double.NEGATIVE_INFINITY), Tensor.scalar(0));
    }

    /**
     * A key padding mask for sequences of the given lengths (int64 [B]) padded to maxLength: int64 [B, maxLength],
     * 1 at the padded positions (position >= length), 0 at the real ones.
     */
    public static Tensor padding(Tensor lengths, int maxLength) {
        if (lengths.dim() != 1 || lengths.dtype().isFloating())
            throw new IllegalArgumentException("Masks.padding: lengths must be a 1-d integer tensor, got " + lengths.dtype() + " " + java.util.Arrays.toString(lengths.shape()));
        if (maxLength <= 0) throw new IllegalArgumentException("Masks.padding: maxLength must be positive, got " + maxLength);
        return Tensor.arange(maxLength).unsqueeze(0).ge(lengths.to(DType.INT64).unsqueeze(1));
    }
}

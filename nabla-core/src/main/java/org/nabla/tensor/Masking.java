package org.nabla.tensor;

/**
 * masked_fill, triu and tril: choices between the input and a fill value, built on {@link Tensor#where} (whose
 * gradient passes to the chosen elements only). A mask is any tensor whose non-zero elements mean true.
 */
final class Masking {
    private Masking() {}

    /** x where mask is 0, value (cast to x's dtype) where it is not; x and mask broadcast together, like torch. */
    static Tensor maskedFill(Tensor x, Tensor mask, Tensor value) {
        if (value.dim() != 0)
            throw new IllegalArgumentException("masked_fill: value must be a 0-d tensor or a number, got shape " + Shape.str(value.shape()));
        Shape.broadcast("masked_fill", mask.shape(), x.shape());
        return Tensor.where(mask, value.to(x.dtype()), x);
    }

    static Tensor triu(Tensor x, int diagonal) { return triangle("triu", x, diagonal, true); }

    static Tensor tril(Tensor x, int diagonal) { return triangle("tril", x, diagonal, false); }

    /**
     * Keeps the elements of the last two dims with column - row >= diagonal (upper) or <= diagonal (lower) and
     * zeroes the others; diagonal 0 is the main diagonal, positive ones lie above it.
     */
    private static Tensor triangle(String op, Tensor x, int diagonal, boolean upper) {
        if (x.dim() < 2) throw new IllegalArgumentException(op + ": input must have at least 2 dims, got shape " + Shape.str(x.shape()));
        Tensor rows = Tensor.arange(x.size(-2)).unsqueeze(1), cols = Tensor.arange(x.size(-1));
        Tensor offset = cols.sub(rows);
        Tensor keep = upper ? offset.ge(diagonal) : offset.le(diagonal);
        return Tensor.where(keep, x, Tensor.scalar(0, x.dtype()));
    }
}

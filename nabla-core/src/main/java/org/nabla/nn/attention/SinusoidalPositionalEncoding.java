package org.nabla.nn.attention;

import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * The fixed positional encoding of Vaswani et al. (2017): PE[pos, 2i] = sin(pos / 10000^(2i/d)) and
 * PE[pos, 2i+1] = cos(pos / 10000^(2i/d)), added to batch-first inputs [N, T, d] or [T, d] (T at most maxLength).
 * It has no parameters and nothing in the state dict.
 */
public final class SinusoidalPositionalEncoding extends Module {
    private final int dim, maxLength;
    private final Tensor table;

    public SinusoidalPositionalEncoding(int dim, int maxLength) {
        if (dim <= 0 || maxLength <= 0)
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: dim and maxLength must be positive, got " + dim + " and " + maxLength);
        this.dim = dim;
        this.maxLength = maxLength;
        float[] pe = new float[maxLength * dim];
        for (int pos = 0; pos < maxLength; pos++)
            for (int i = 0; i < dim; i += 2) {
                double angle = pos * Math.exp(-Math.log(10000.0) * i / dim);
                pe[pos * dim + i] = (float) Math.sin(angle);
                if (i + 1 < dim) pe[pos * dim + i + 1] = (float) Math.cos(angle);
            }
        table = Tensor.of(pe, maxLength, dim);
    }

    /** x + PE[0 .. T). */
    @Override
    public Tensor forward(Tensor x) { return forward(x, 0); }

    /** x + PE[offset .. offset + T): the positions of a chunk that continues a sequence. */
    public Tensor forward(Tensor x, int offset) {
        if (x.dim() < 2 || x.size(-1) != dim)
            throw new IllegalArgumentException(this + ": expected input [N, T, " + dim + "] or [T, " + dim + "], got " + java.util.Arrays.toString(x.shape()));
        return x.add(encoding(offset, x.size(-2)).to(x.dtype()));
    }

    /** The rows PE[offset .. offset + length) [length, dim]. */
    public Tensor encoding(int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > maxLength)
            throw new IllegalArgumentException(this + ": positions " + offset + ".." + (offset + length) + " exceed max_length " + maxLength);
        return table.narrow(0, offset, length);
    }

    @Override
    protected String extraRepr() { return "dim=" + dim + ", max_length=" + maxLength; }
}

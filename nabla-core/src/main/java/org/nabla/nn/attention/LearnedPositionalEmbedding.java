package org.nabla.nn.attention;

import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A learned position embedding (GPT, BERT): one trained row {@code weight} [maxLength, dim] per position, initialised
 * N(0, 1) as an {@code nn.Embedding}, added to batch-first inputs [N, T, dim] or [T, dim]. (A model that keeps
 * PyTorch's layout of {@code nn.Embedding(block, dim)} over {@code arange(T)} may use an {@code Embedding}: same
 * parameter, same key.)
 */
public final class LearnedPositionalEmbedding extends Module {
    private final int maxLength, dim;
    public final Parameter weight;

    public LearnedPositionalEmbedding(int maxLength, int dim, Generator gen) {
        if (dim <= 0 || maxLength <= 0)
            throw new IllegalArgumentException("LearnedPositionalEmbedding: maxLength and dim must be positive, got " + maxLength + " and " + dim);
        this.maxLength = maxLength;
        this.dim = dim;
        weight = registerParameter("weight", Parameter.zeros(maxLength, dim));
        Init.normal(weight, 0, 1, gen);
    }

    /** x + weight[0 .. T). */
    @Override
    public Tensor forward(Tensor x) { return forward(x, 0); }

    /** x + weight[offset .. offset + T). */
    public Tensor forward(Tensor x, int offset) {
        if (x.dim() < 2 || x.size(-1) != dim)
            throw new IllegalArgumentException(this + ": expected input [N, T, " + dim + "] or [T, " + dim + "], got " + java.util.Arrays.toString(x.shape()));
        int t = x.size(-2);
        if (offset < 0 || offset + t > maxLength)
            throw new IllegalArgumentException(this + ": positions " + offset + ".." + (offset + t) + " exceed max_length " + maxLength);
        return x.add(weight.narrow(0, offset, t));
    }

    @Override
    protected String extraRepr() { return maxLength + ", " + dim; }
}

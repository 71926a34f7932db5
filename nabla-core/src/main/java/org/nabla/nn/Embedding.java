package org.nabla.nn;

import java.util.Arrays;
import org.nabla.autograd.GradMode;
import org.nabla.nn.functional.F;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A lookup table, as {@code torch.nn.Embedding}: indices of any shape (int64 or int32) select rows of weight
 * [numEmbeddings, embeddingDim], giving [*indices.shape, embeddingDim]. The row paddingIdx, if set, receives no
 * gradient (its value is still returned). Default initialisation: N(0, 1), with the padding row set to 0.
 */
public final class Embedding extends Module {
    private final int numEmbeddings, embeddingDim;
    private final Integer paddingIdx;
    public final Parameter weight;

    public Embedding(int numEmbeddings, int embeddingDim) { this(numEmbeddings, embeddingDim, null, Generator.global()); }

    /** paddingIdx may be negative (counted from the end, as in PyTorch) or null. */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) { this(numEmbeddings, embeddingDim, paddingIdx, Generator.global()); }

    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Generator gen) {
        this(Parameter.zeros(checkSizes(numEmbeddings, embeddingDim)), paddingIdx);
        Init.normal(weight, 0, 1, gen);
        if (this.paddingIdx != null) {
            try (var s = GradMode.noGrad()) {
                weight.select(0, this.paddingIdx).zero();
            }
        }
    }

    private Embedding(Parameter weight, Integer paddingIdx) {
        this.numEmbeddings = weight.size(0);
        this.embeddingDim = weight.size(1);
        if (paddingIdx != null && (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings))
            throw new IllegalArgumentException("Embedding: padding_idx " + paddingIdx + " must be within [" + -numEmbeddings + ", " + numEmbeddings + ")");
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        this.weight = registerParameter("weight", weight);
    }

    /**
     * An embedding over the given [num, dim] table (shared, not copied), trainable unless frozen, as
     * {@code Embedding.from_pretrained}; the padding row keeps its given values.
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Integer paddingIdx) {
        if (embeddings.dim() != 2)
            throw new IllegalArgumentException("Embedding.fromPretrained: embeddings must be 2-d [num, dim], got " + Arrays.toString(embeddings.shape()));
        Embedding e = new Embedding(new Parameter(embeddings), paddingIdx);
        e.weight.requiresGrad(!freeze);
        return e;
    }

    private static int[] checkSizes(int num, int dim) {
        if (num <= 0 || dim <= 0)
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got " + num + " and " + dim);
        return new int[] {num, dim};
    }

    @Override
    public Tensor forward(Tensor indices) { return named(() -> F.embedding(indices, weight, paddingIdx)); }

    public int numEmbeddings() { return numEmbeddings; }

    public int embeddingDim() { return embeddingDim; }

    /** The normalised padding index, or null. */
    public Integer paddingIdx() { return paddingIdx; }

    @Override
    protected String extraRepr() { return numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx); }
}

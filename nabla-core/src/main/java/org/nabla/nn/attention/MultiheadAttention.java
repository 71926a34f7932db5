package org.nabla.nn.attention;

import org.nabla.autograd.GradMode;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.AttentionResult;
import org.nabla.nn.functional.F;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Multi-head attention (Vaswani et al., 2017), as {@code torch.nn.MultiheadAttention} with kdim = vdim = embed_dim:
 * the parameters {@code in_proj_weight} [3E, E] (W_q, W_k, W_v stacked), {@code in_proj_bias} [3E] and the output
 * projection {@code out_proj.weight}, {@code out_proj.bias}, so a PyTorch state dict loads as it is. Inputs are
 * [L, N, E] (sequence first, PyTorch's default) or [N, L, E] with batchFirst, or unbatched [L, E]. Masks as
 * PyTorch's: {@code keyPaddingMask} [N, S] and {@code attnMask} [L, S] or [N * heads, L, S], an integer one
 * non-zero where attending is NOT allowed, a floating one added to the scores. Dropout on the attention weights in
 * training. Initialisation as PyTorch: Xavier-uniform in_proj_weight, zero biases, out_proj.weight as a Linear's.
 */
public final class MultiheadAttention extends Module {
    private final int embedDim, numHeads;
    private final double dropout;
    private final boolean batchFirst;
    private final Generator gen;
    public final Parameter inProjWeight, inProjBias;
    private final Submodule<Linear> outProj;

    /** No dropout, biases, sequence-first inputs: PyTorch's defaults. */
    public MultiheadAttention(int embedDim, int numHeads) { this(embedDim, numHeads, 0, true, false, Generator.global()); }

    /** gen initialises the parameters and draws the dropout masks. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst, Generator gen) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0)
            throw new IllegalArgumentException("MultiheadAttention: embed_dim (" + embedDim + ") must be positive and divisible by num_heads (" + numHeads + ")");
        if (!(dropout >= 0 && dropout <= 1))
            throw new IllegalArgumentException("MultiheadAttention: dropout probability has to be in [0, 1], got " + dropout);
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.gen = gen;
        inProjWeight = registerParameter("in_proj_weight", Parameter.zeros(3 * embedDim, embedDim));
        Init.xavierUniform(inProjWeight, 1, gen);
        inProjBias = bias ? registerParameter("in_proj_bias", Parameter.zeros(3 * embedDim)) : null;
        Linear out = new Linear(embedDim, embedDim, bias, gen);
        if (bias) {
            try (var s = GradMode.noGrad()) {
                out.bias.zero();
            }
        }
        outProj = registerModule("out_proj", Linear.class, out);
    }

    /** Self-attention without masks: the output only. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, x, x, null, false, null).output(); }

    /** Attention of query over key and value without masks; the weights averaged over the heads. */
    public AttentionResult call(Tensor query, Tensor key, Tensor value) { return call(query, key, value, null, true, null); }

    /**
     * PyTorch's {@code forward(query, key, value, key_padding_mask, need_weights, attn_mask)}: the output shaped like
     * query, and with needWeights the weights [N, L, S] averaged over the heads (else null).
     */
    public AttentionResult call(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask) {
        return invoke(() -> forward(query, key, value, keyPaddingMask, needWeights, attnMask), query, key, value, keyPaddingMask, attnMask);
    }

    private AttentionResult forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask) {
        return named(() -> {
            if (query.dim() == 2 || batchFirst) return attention(query, key, value, keyPaddingMask, needWeights, attnMask);
            // Sequence first: transpose once each, keeping query == key == value recognisable as self-attention.
            Tensor q = query.transpose(0, 1);
            Tensor k = key == query ? q : key.transpose(0, 1);
            Tensor v = value == key ? k : value == query ? q : value.transpose(0, 1);
            AttentionResult r = attention(q, k, v, keyPaddingMask, needWeights, attnMask);
            return new AttentionResult(r.output().transpose(0, 1), r.weights());
        });
    }

    private AttentionResult attention(Tensor q, Tensor k, Tensor v, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask) {
        Linear out = outProj.get();
        return F.multiHeadAttention(q, k, v, numHeads, inProjWeight, inProjBias, out.weight, out.bias, keyPaddingMask, attnMask,
                needWeights, true, dropout, isTraining(), gen);
    }

    public int embedDim() { return embedDim; }

    public int numHeads() { return numHeads; }

    public double dropout() { return dropout; }

    public boolean batchFirst() { return batchFirst; }

    @Override
    protected String extraRepr() {
        return "embed_dim=" + embedDim + ", num_heads=" + numHeads + (dropout > 0 ? ", dropout=" + dropout : "") + (batchFirst ? ", batch_first=True" : "");
    }
}

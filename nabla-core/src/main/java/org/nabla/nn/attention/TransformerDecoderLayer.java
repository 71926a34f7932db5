package org.nabla.nn.attention;

import org.nabla.nn.Dropout;
import org.nabla.nn.LayerNorm;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * One transformer decoder layer, as {@code torch.nn.TransformerDecoderLayer}: self-attention over the target,
 * attention over the encoder's memory, then a feed-forward block, each with a residual connection and a layer norm
 * (before the sublayer with normFirst, after the sum otherwise). Children and state-dict keys as PyTorch's:
 * {@code self_attn}, {@code multihead_attn}, {@code linear1}, {@code dropout}, {@code linear2}, {@code norm1..3},
 * {@code dropout1..3}.
 */
public final class TransformerDecoderLayer extends Module {
    private final TransformerOptions options;
    private final Generator gen;
    private final Submodule<MultiheadAttention> selfAttn, crossAttn;
    private final Submodule<Linear> linear1, linear2;
    private final Submodule<LayerNorm> norm1, norm2, norm3;
    private final Submodule<Dropout> dropout, dropout1, dropout2, dropout3;

    public TransformerDecoderLayer(TransformerOptions options) { this(options, Generator.global()); }

    /** gen initialises the parameters and draws the dropout masks. */
    public TransformerDecoderLayer(TransformerOptions options, Generator gen) {
        this.options = options;
        this.gen = gen;
        int d = options.dModel();
        selfAttn = registerModule("self_attn", MultiheadAttention.class,
                new MultiheadAttention(d, options.nhead(), options.dropout(), true, options.batchFirst(), gen));
        crossAttn = registerModule("multihead_attn", MultiheadAttention.class,
                new MultiheadAttention(d, options.nhead(), options.dropout(), true, options.batchFirst(), gen));
        linear1 = registerModule("linear1", Linear.class, new Linear(d, options.dimFeedforward(), true, gen));
        dropout = registerModule("dropout", Dropout.class, new Dropout(options.dropout(), gen));
        linear2 = registerModule("linear2", Linear.class, new Linear(options.dimFeedforward(), d, true, gen));
        norm1 = registerModule("norm1", LayerNorm.class, new LayerNorm(new int[] {d}, options.layerNormEps(), true));
        norm2 = registerModule("norm2", LayerNorm.class, new LayerNorm(new int[] {d}, options.layerNormEps(), true));
        norm3 = registerModule("norm3", LayerNorm.class, new LayerNorm(new int[] {d}, options.layerNormEps(), true));
        dropout1 = registerModule("dropout1", Dropout.class, new Dropout(options.dropout(), gen));
        dropout2 = registerModule("dropout2", Dropout.class, new Dropout(options.dropout(), gen));
        dropout3 = registerModule("dropout3", Dropout.class, new Dropout(options.dropout(), gen));
    }

    /** Without masks. */
    public Tensor call(Tensor tgt, Tensor memory) { return call(tgt, memory, null, null, null, null); }

    /**
     * tgt [T, N, E] and memory [S, N, E] ([N, T, E] and [N, S, E] with batchFirst); tgtMask [T, T] (e.g.
     * {@link Masks#causal}), memoryMask [T, S], and the key padding masks [N, T] and [N, S], as
     * {@link MultiheadAttention}'s masks, or null.
     */
    public Tensor call(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        return invoke(() -> forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask),
                tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }

    private Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        Tensor x = tgt;
        if (options.normFirst()) {
            x = x.add(selfAttentionBlock(norm1.get().call(x), tgtMask, tgtKeyPaddingMask));
            x = x.add(memoryBlock(norm2.get().call(x), memory, memoryMask, memoryKeyPaddingMask));
            return x.add(feedForwardBlock(norm3.get().call(x)));
        }
        x = norm1.get().call(x.add(selfAttentionBlock(x, tgtMask, tgtKeyPaddingMask)));
        x = norm2.get().call(x.add(memoryBlock(x, memory, memoryMask, memoryKeyPaddingMask)));
        return norm3.get().call(x.add(feedForwardBlock(x)));
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor mask, Tensor keyPaddingMask) {
        return dropout1.get().call(selfAttn.get().call(x, x, x, keyPaddingMask, false, mask).output());
    }

    private Tensor memoryBlock(Tensor x, Tensor memory, Tensor mask, Tensor keyPaddingMask) {
        return dropout2.get().call(crossAttn.get().call(x, memory, memory, keyPaddingMask, false, mask).output());
    }

    private Tensor feedForwardBlock(Tensor x) {
        Tensor h = dropout.get().call(options.activate(linear1.get().call(x)));
        return dropout3.get().call(linear2.get().call(h));
    }

    public TransformerOptions options() { return options; }

    /** The generator its parameters and dropout came from. */
    Generator generator() { return gen; }
}

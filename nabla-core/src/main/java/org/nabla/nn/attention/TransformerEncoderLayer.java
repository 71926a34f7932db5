package org.nabla.nn.attention;

import org.nabla.nn.Dropout;
import org.nabla.nn.LayerNorm;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * One transformer encoder layer, as {@code torch.nn.TransformerEncoderLayer}: self-attention then a feed-forward
 * block (linear1, activation, dropout, linear2), each with a residual connection and a layer norm, before the
 * sublayer (normFirst) or after the sum. Children and state-dict keys as PyTorch's: {@code self_attn},
 * {@code linear1}, {@code dropout}, {@code linear2}, {@code norm1}, {@code norm2}, {@code dropout1}, {@code dropout2}.
 */
public final class TransformerEncoderLayer extends Module {
    private final TransformerOptions options;
    private final Generator gen;
    private final Submodule<MultiheadAttention> selfAttn;
    private final Submodule<Linear> linear1, linear2;
    private final Submodule<LayerNorm> norm1, norm2;
    private final Submodule<Dropout> dropout, dropout1, dropout2;

    public TransformerEncoderLayer(TransformerOptions options) { this(options, Generator.global()); }

    /** gen initialises the parameters and draws the dropout masks. */
    public TransformerEncoderLayer(TransformerOptions options, Generator gen) {
        this.options = options;
        this.gen = gen;
        int d = options.dModel();
        selfAttn = registerModule("self_attn", MultiheadAttention.class,
                new MultiheadAttention(d, options.nhead(), options.dropout(), true, options.batchFirst(), gen));
        linear1 = registerModule("linear1", Linear.class, new Linear(d, options.dimFeedforward(), true, gen));
        dropout = registerModule("dropout", Dropout.class, new Dropout(options.dropout(), gen));
        linear2 = registerModule("linear2", Linear.class, new Linear(options.dimFeedforward(), d, true, gen));
        norm1 = registerModule("norm1", LayerNorm.class, new LayerNorm(new int[] {d}, options.layerNormEps(), true));
        norm2 = registerModule("norm2", LayerNorm.class, new LayerNorm(new int[] {d}, options.layerNormEps(), true));
        dropout1 = registerModule("dropout1", Dropout.class, new Dropout(options.dropout(), gen));
        dropout2 = registerModule("dropout2", Dropout.class, new Dropout(options.dropout(), gen));
    }

    /** Without masks. */
    @Override
    public Tensor forward(Tensor src) { return forward(src, null, null); }

    /**
     * src [S, N, E] ([N, S, E] with batchFirst; [S, E] unbatched); srcMask [S, S] or [N * heads, S, S] and
     * srcKeyPaddingMask [N, S] as {@link MultiheadAttention}'s masks, or null.
     */
    public Tensor call(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        return invoke(() -> forward(src, srcMask, srcKeyPaddingMask), src, srcMask, srcKeyPaddingMask);
    }

    private Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        if (options.normFirst()) {
            x = x.add(selfAttentionBlock(norm1.get().call(x), srcMask, srcKeyPaddingMask));
            return x.add(feedForwardBlock(norm2.get().call(x)));
        }
        x = norm1.get().call(x.add(selfAttentionBlock(x, srcMask, srcKeyPaddingMask)));
        return norm2.get().call(x.add(feedForwardBlock(x)));
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor mask, Tensor keyPaddingMask) {
        return dropout1.get().call(selfAttn.get().call(x, x, x, keyPaddingMask, false, mask).output());
    }

    private Tensor feedForwardBlock(Tensor x) {
        Tensor h = dropout.get().call(options.activate(linear1.get().call(x)));
        return dropout2.get().call(linear2.get().call(h));
    }

    public TransformerOptions options() { return options; }

    /** The generator its parameters and dropout came from. */
    Generator generator() { return gen; }
}

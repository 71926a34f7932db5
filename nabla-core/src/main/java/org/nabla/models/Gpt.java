package org.nabla.models;

import java.util.List;
import org.nabla.nn.Embedding;
import org.nabla.nn.LayerNorm;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.attention.Masks;
import org.nabla.nn.attention.TransformerEncoder;
import org.nabla.nn.attention.TransformerEncoderLayer;
import org.nabla.nn.attention.TransformerOptions;
import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.SequenceState;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A small causal transformer over tokens (GPT), laid out as the PyTorch reference's {@code TinyGPT}
 * ({@code ../shared/bench/pytorch/ref_bench.py}), so its state dict loads as it is: token embedding {@code tok},
 * learned position embedding {@code pos} over the block, {@code blocks} (a TransformerEncoder of pre-norm layers with
 * GELU, feed-forward 4 x dim), final LayerNorm {@code norm}, linear head {@code head}, and the buffer {@code mask}
 * (the causal additive mask [block, block]).
 *
 * <p>{@code call(tokens [B, T])} gives logits [B, T, vocab] for T at most block. As a {@link LanguageModel}, its state
 * is the token context (the last tokens seen, at most block of them): {@link #step} runs the context followed by the
 * new tokens, cropped to the last block tokens, and returns the new tokens' logits.
 */
public final class Gpt extends Module implements LanguageModel {
    /** The sizes: vocabulary, block (context length), width, heads, layers, and the dropout of every layer. */
    public record Config(int vocab, int block, int dim, int heads, int layers, double dropout) {
        public Config {
            if (vocab <= 0 || block <= 0 || dim <= 0 || heads <= 0 || layers <= 0)
                throw new IllegalArgumentException("gpt: vocab, block, dim, heads and layers must be positive, got " + vocab + ", " + block + ", " + dim
                        + ", " + heads + ", " + layers);
            if (dim % heads != 0) throw new IllegalArgumentException("gpt: dim " + dim + " must be divisible by heads " + heads);
            if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("gpt: dropout must be in [0, 1), got " + dropout);
        }

        /** The reference benchmark's model: vocabulary 65, block 64, 4 layers of 4 heads, width 128, no dropout. */
        public static Config benchmark() { return new Config(65, 64, 128, 4, 4, 0); }
    }

    /** The context a GPT carries between calls: the last tokens seen [B, at most block] (int64, no gradient). */
    public record Context(Tensor tokens) implements SequenceState {
        @Override
        public SequenceState detach() { return this; }

        @Override
        public SequenceState select(Tensor rows) { return new Context(tokens.indexSelect(0, rows)); }
    }

    private final Config config;
    private final Submodule<Embedding> tok, pos;
    private final Submodule<TransformerEncoder> blocks;
    private final Submodule<LayerNorm> norm;
    private final Submodule<Linear> head;

    public Gpt(Config config, Generator gen) {
        this.config = config;
        int d = config.dim();
        tok = registerModule("tok", Embedding.class, new Embedding(config.vocab(), d, null, gen));
        pos = registerModule("pos", Embedding.class, new Embedding(config.block(), d, null, gen));
        TransformerOptions layer = TransformerOptions.of(d, config.heads()).withDimFeedforward(4 * d).withDropout(config.dropout())
                .withActivation("gelu").withBatchFirst(true).withNormFirst(true);
        blocks = registerModule("blocks", TransformerEncoder.class, new TransformerEncoder(new TransformerEncoderLayer(layer, gen), config.layers(), null));
        norm = registerModule("norm", LayerNorm.class, new LayerNorm(d));
        head = registerModule("head", Linear.class, new Linear(d, config.vocab(), true, gen));
        registerBuffer("mask", Masks.causal(config.block()));
    }

    /** tokens [B, T] (int64, T at most block) -> logits [B, T, vocab]. */
    @Override
    public Tensor forward(Tensor tokens) {
        if (tokens.dim() != 2 || tokens.dtype().isFloating())
            throw new IllegalArgumentException("gpt: expected integer tokens [B, T], got " + tokens.dtype() + " " + java.util.Arrays.toString(tokens.shape()));
        int t = tokens.size(1);
        if (t < 1 || t > config.block())
            throw new IllegalArgumentException("gpt: a sequence of " + t + " tokens does not fit the block of " + config.block());
        Tensor h = tok.get().call(tokens).add(pos.get().call(Tensor.arange(t)));
        Tensor mask = buffer("mask").narrow(0, 0, t).narrow(1, 0, t);
        h = blocks.get().call(h, mask, null);
        return head.get().call(norm.get().call(h));
    }

    /**
     * The logits [B, T, vocab] of tokens [B, T] following state's context (null: none), each position seeing the
     * context and the new tokens cropped to the last block tokens; the new state holds those last (at most block)
     * tokens. T must be at most block.
     */
    @Override
    public Output step(Tensor tokens, SequenceState state) {
        if (state != null && !(state instanceof Context))
            throw new IllegalArgumentException("gpt: expected the state of a gpt, got " + state.getClass().getSimpleName());
        if (tokens.dim() != 2 || tokens.dtype().isFloating())
            throw new IllegalArgumentException("gpt: expected integer tokens [B, T], got " + tokens.dtype() + " " + java.util.Arrays.toString(tokens.shape()));
        int t = tokens.size(1);
        if (t > config.block())
            throw new IllegalArgumentException("gpt: a chunk of " + t + " tokens exceeds the block of " + config.block());
        Tensor all = tokens.to(DType.INT64);
        if (state != null) {
            Tensor previous = ((Context) state).tokens();
            if (previous.size(0) != tokens.size(0))
                throw new IllegalArgumentException("gpt: the state holds " + previous.size(0) + " sequences, the tokens " + tokens.size(0));
            all = Tensor.cat(List.of(previous, all), 1);
        }
        int keep = Math.min(all.size(1), config.block());
        Tensor window = all.narrow(1, all.size(1) - keep, keep);
        Tensor logits = call(window);
        return new Output(logits.narrow(1, keep - t, t), new Context(window.contiguous()));
    }

    @Override
    public int vocabSize() { return config.vocab(); }

    public Config config() { return config; }
}

package org.nabla.models.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Embedding;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.attention.AdditiveAttention;
import org.nabla.nn.attention.AlignedContext;
import org.nabla.nn.attention.MultiplicativeAttention;
import org.nabla.nn.recurrent.GRU;
import org.nabla.nn.recurrent.GRUCell;
import org.nabla.nn.recurrent.RecurrentConfig;
import org.nabla.nn.recurrent.RecurrentOutput;
import org.nabla.nn.recurrent.RecurrentState;
import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.SequenceState;
import org.nabla.sequence.decode.DecodeOptions;
import org.nabla.sequence.decode.Decoding;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * An encoder–decoder GRU with attention (Bahdanau et al. 2015, or Luong et al. 2015): the source tokens are embedded
 * and read by a bidirectional GRU (padded positions skipped through the lengths, and never attended to); the
 * decoder, started from a projection of the encoder's final states, is fed the previous output token (the target's,
 * in training: teacher forcing) and attends over the encoder's outputs at every step through {@code nn.attention}'s
 * {@link AdditiveAttention} or {@link MultiplicativeAttention}.
 *
 * <ul>
 *   <li>{@link AttentionKind#ADDITIVE} (Bahdanau): score(s, h) = v·tanh(W s + U h) with the previous decoder state s;
 *       the context joins the embedded token as the GRU cell's input; logits from [state, context, embedding].
 *   <li>{@link AttentionKind#MULTIPLICATIVE} (Luong, "general"): score(s, h) = s·W h with the current state s, after a
 *       GRU over the embedded tokens; logits from tanh(W_c [context, state]).
 * </ul>
 *
 * {@link #call} returns the logits [B, T, V] and the attention weights [B, T, S]; {@link #decoder} binds the decoder to
 * an encoded batch as a {@link LanguageModel}, so the strategies of {@code sequence.decode} (greedy, beam) run on it.
 */
public final class Seq2Seq extends Module {
    /** How the decoder scores the encoder's outputs. */
    public enum AttentionKind {
        ADDITIVE, MULTIPLICATIVE;

        /** "additive" (also "bahdanau") or "multiplicative" (also "luong"). */
        public static AttentionKind parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "additive", "bahdanau" -> ADDITIVE;
                case "multiplicative", "luong" -> MULTIPLICATIVE;
                default -> throw new IllegalArgumentException("attention must be additive (bahdanau) or multiplicative (luong), got '" + name + "'");
            };
        }
    }

    /**
     * The model's shape.
     *
     * @param sourceVocab   source tokens (id {@code pad} the padding)
     * @param targetVocab   output tokens
     * @param embedding     size of both embeddings
     * @param hidden        the encoder's hidden size per direction; the decoder's is {@code hidden * directions}
     * @param bidirectional whether the encoder reads both ways
     * @param attention     additive (Bahdanau) or multiplicative (Luong)
     * @param attentionSize the additive score's hidden size (unused by the multiplicative one)
     * @param pad           the padding id of the source
     */
    public record Config(int sourceVocab, int targetVocab, int embedding, int hidden, boolean bidirectional, AttentionKind attention, int attentionSize,
                         int pad) {
        public Config {
            if (sourceVocab < 1 || targetVocab < 1) throw new IllegalArgumentException("Seq2Seq: vocabularies must hold at least one token, got " + sourceVocab + " and " + targetVocab);
            if (embedding < 1 || hidden < 1 || attentionSize < 1)
                throw new IllegalArgumentException("Seq2Seq: embedding, hidden and attention sizes must be ≥ 1, got " + embedding + ", " + hidden + " and " + attentionSize);
            if (pad < 0 || pad >= sourceVocab) throw new IllegalArgumentException("Seq2Seq: the padding id " + pad + " is outside the source vocabulary of " + sourceVocab);
            if (attention == null) throw new IllegalArgumentException("Seq2Seq: the attention kind is required");
        }

        /** A bidirectional encoder with additive attention, padding 0. */
        public static Config of(int sourceVocab, int targetVocab, int embedding, int hidden) {
            return new Config(sourceVocab, targetVocab, embedding, hidden, true, AttentionKind.ADDITIVE, hidden, 0);
        }

        public Config withAttention(AttentionKind a) { return new Config(sourceVocab, targetVocab, embedding, hidden, bidirectional, a, attentionSize, pad); }

        public Config withBidirectional(boolean b) { return new Config(sourceVocab, targetVocab, embedding, hidden, b, attention, attentionSize, pad); }

        public Config withAttentionSize(int a) { return new Config(sourceVocab, targetVocab, embedding, hidden, bidirectional, attention, a, pad); }

        int memorySize() { return hidden * (bidirectional ? 2 : 1); }
    }

    /** The logits [B, T, V] for every decoder position and the attention weights [B, T, S] over the source. */
    public record Output(Tensor logits, Tensor attention) {}

    private final Config config;
    private final Submodule<Embedding> sourceEmbedding, targetEmbedding;
    private final Submodule<GRU> encoder, luongDecoder;
    private final Submodule<GRUCell> bahdanauCell;
    private final Submodule<AdditiveAttention> additive;
    private final Submodule<MultiplicativeAttention> multiplicative;
    private final Submodule<Linear> bridge, combine, out;

    public Seq2Seq(Config config, Generator gen) {
        this.config = config;
        int e = config.embedding(), m = config.memorySize(), a = config.attentionSize();
        sourceEmbedding = registerModule("source_embedding", Embedding.class, new Embedding(config.sourceVocab(), e, config.pad(), gen));
        encoder = registerModule("encoder", GRU.class,
                new GRU(RecurrentConfig.of(e, config.hidden()).withBatchFirst(true).withBidirectional(config.bidirectional()), gen));
        bridge = registerModule("bridge", Linear.class, new Linear(m, m, true, gen));
        targetEmbedding = registerModule("target_embedding", Embedding.class, new Embedding(config.targetVocab(), e, null, gen));
        if (config.attention() == AttentionKind.ADDITIVE) {
            additive = registerModule("attention", AdditiveAttention.class, new AdditiveAttention(m, m, a, gen));
            bahdanauCell = registerModule("decoder", GRUCell.class, new GRUCell(e + m, m, true, gen));
            multiplicative = null;
            luongDecoder = null;
            combine = null;
            out = registerModule("out", Linear.class, new Linear(m + m + e, config.targetVocab(), true, gen));
        } else {
            multiplicative = registerModule("attention", MultiplicativeAttention.class,
                    new MultiplicativeAttention(m, m, MultiplicativeAttention.Score.GENERAL, gen));
            luongDecoder = registerModule("decoder", GRU.class, new GRU(RecurrentConfig.of(e, m).withBatchFirst(true), gen));
            combine = registerModule("combine", Linear.class, new Linear(m + m, m, false, gen));
            out = registerModule("out", Linear.class, new Linear(m, config.targetVocab(), true, gen));
            additive = null;
            bahdanauCell = null;
        }
    }

    public Config config() { return config; }

    /**
     * An encoded batch: the encoder's outputs [B, S, M], the keys the decoder scores them by (additive: their projection,
     * computed once per batch; multiplicative: the outputs), the padding mask [B, S] (1 at padded positions) and the
     * decoder's initial state [B, M].
     */
    public record Memory(Tensor outputs, Tensor keys, Tensor padding, Tensor initial) {
        /** The rows given, in order (beam search). */
        public Memory select(Tensor rows) {
            return new Memory(outputs.indexSelect(0, rows), keys.indexSelect(0, rows), padding.indexSelect(0, rows), initial.indexSelect(0, rows));
        }

        /** The same values cut from the graph. */
        public Memory detach() { return new Memory(outputs.detach(), keys.detach(), padding, initial.detach()); }
    }

    /** Reads source tokens [B, S] (int64, padded with {@code pad} after each row's tokens; every row holds at least one). */
    public Memory encode(Tensor source) { return invoke(() -> encodeSource(source), source); }

    private Memory encodeSource(Tensor source) {
        if (source.dim() != 2 || source.dtype().isFloating())
            throw new IllegalArgumentException("Seq2Seq: the source must be token ids [B, S], got " + source.dtype() + " " + Arrays.toString(source.shape()));
        Tensor padding = source.eq(config.pad());
        long[] lengths = source.ne(config.pad()).sum(1).toLongArray();
        for (int b = 0; b < lengths.length; b++)
            if (lengths[b] == 0) throw new IllegalArgumentException("Seq2Seq: source row " + b + " is empty (all padding)");
        RecurrentOutput enc = encoder.get().call(sourceEmbedding.get().call(source), null, Tensor.of(lengths, lengths.length));
        Tensor h = enc.state().h(); // [D, B, H]: the final state of each direction
        Tensor last = config.bidirectional() ? Tensor.cat(List.of(h.select(0, 0), h.select(0, 1)), 1) : h.select(0, 0);
        Tensor initial = bridge.get().call(last).tanh();
        Tensor keys = additive != null ? additive.get().projectKeys(enc.output()) : enc.output();
        return new Memory(enc.output(), keys, padding, initial);
    }

    /** Teacher forcing: source [B, S] and the decoder's input [B, T] (start token, then the target shifted right). */
    public Output call(Tensor source, Tensor decoderInput) { return invoke(() -> forward(source, decoderInput), source, decoderInput); }

    private Output forward(Tensor source, Tensor decoderInput) {
        Memory memory = encodeSource(source);
        Steps d = decode(decoderInput, memory, memory.initial());
        return new Output(d.logits, d.attention);
    }

    /** The decoder's logits, attention weights and final state over tokens [B, T], from state [B, M]. */
    private record Steps(Tensor logits, Tensor attention, Tensor state) {}

    private Steps decode(Tensor tokens, Memory memory, Tensor state) {
        Tensor embedded = targetEmbedding.get().call(tokens); // [B, T, E]
        return config.attention() == AttentionKind.ADDITIVE ? bahdanau(embedded, memory, state) : luong(embedded, memory, state);
    }

    /** Attention step by step from the previous state; the context feeds the cell. */
    private Steps bahdanau(Tensor embedded, Memory memory, Tensor s) {
        int t = embedded.size(1);
        List<Tensor> states = new ArrayList<>(t), contexts = new ArrayList<>(t), weights = new ArrayList<>(t);
        for (int i = 0; i < t; i++) {
            AlignedContext a = additive.get().callProjected(s, memory.keys(), memory.outputs(), memory.padding()); // [B, M], [B, S]
            s = bahdanauCell.get().call(Tensor.cat(List.of(embedded.select(1, i), a.context()), 1), s);
            states.add(s);
            contexts.add(a.context());
            weights.add(a.weights());
        }
        Tensor features = Tensor.cat(List.of(Tensor.stack(states, 1), Tensor.stack(contexts, 1), embedded), 2);
        return new Steps(out.get().call(features), Tensor.stack(weights, 1), s);
    }

    /** A GRU over all tokens, then attention from each of its states. */
    private Steps luong(Tensor embedded, Memory memory, Tensor s) {
        RecurrentOutput dec = luongDecoder.get().call(embedded, RecurrentState.of(s.unsqueeze(0)));
        Tensor states = dec.output(); // [B, T, M]
        int t = embedded.size(1);
        List<Tensor> contexts = new ArrayList<>(t), weights = new ArrayList<>(t);
        for (int i = 0; i < t; i++) {
            AlignedContext a = multiplicative.get().call(states.select(1, i), memory.keys(), memory.outputs(), memory.padding());
            contexts.add(a.context());
            weights.add(a.weights());
        }
        Tensor attentional = combine.get().call(Tensor.cat(List.of(Tensor.stack(contexts, 1), states), 2)).tanh();
        return new Steps(out.get().call(attentional), Tensor.stack(weights, 1), dec.state().h().select(0, 0));
    }

    /** The decoder bound to an encoded batch: a language model over output tokens whose state starts from the memory. */
    public LanguageModel decoder(Memory memory) { return new BoundDecoder(memory); }

    /** The decoder's state: its hidden state [B, M] and the memory rows it attends over, selected together. */
    public record DecoderState(Tensor hidden, Memory memory) implements SequenceState {
        @Override
        public SequenceState detach() { return new DecoderState(hidden.detach(), memory.detach()); }

        @Override
        public SequenceState select(Tensor rows) { return new DecoderState(hidden.indexSelect(0, rows), memory.select(rows)); }
    }

    private final class BoundDecoder implements LanguageModel {
        private final Memory memory;

        BoundDecoder(Memory memory) { this.memory = memory; }

        @Override public int vocabSize() { return config.targetVocab(); }

        /** From a null state: the memory's initial state (and rows). */
        @Override
        public Output step(Tensor tokens, SequenceState state) {
            DecoderState s = state == null ? new DecoderState(memory.initial(), memory) : (DecoderState) state;
            Steps d = decode(tokens, s.memory(), s.hidden());
            return new Output(d.logits(), new DecoderState(d.state(), s.memory()));
        }
    }

    /**
     * Greedy decoding of a batch: source [B, S] → each row's tokens after {@code start}, at most {@code length},
     * stopping at {@code end} (excluded).
     */
    public long[][] greedy(Tensor source, int start, int end, int length) {
        try (var s = GradMode.noGrad()) {
            Memory memory = encode(source);
            long[] starts = new long[source.size(0)];
            Arrays.fill(starts, start);
            return Decoding.greedyBatch(decoder(memory), Tensor.of(starts, starts.length, 1), null, length, end);
        }
    }

    /**
     * One source row [S] (int64) decoded with {@code options} (greedy, sampling or beam search) after {@code start};
     * the end token stops it when {@code options.eos()} names it.
     */
    public org.nabla.sequence.decode.Decoded translate(long[] source, int start, int length, DecodeOptions options) {
        try (var s = GradMode.noGrad()) {
            Memory memory = encode(Tensor.of(source, 1, source.length));
            return Decoding.decode(decoder(memory), new long[] {start}, null, length, options);
        }
    }

    /** The attention weights [T, S] the decoder gives the source [S] while reading {@code decoderInput} [T] (a heat map). */
    public double[][] attention(long[] source, long[] decoderInput) {
        try (var s = GradMode.noGrad()) {
            Tensor w = call(Tensor.of(source, 1, source.length), Tensor.of(decoderInput, 1, decoderInput.length)).attention().select(0, 0);
            double[] flat = w.toDoubleArray();
            double[][] rows = new double[decoderInput.length][source.length];
            for (int t = 0; t < rows.length; t++) System.arraycopy(flat, t * source.length, rows[t], 0, source.length);
            return rows;
        }
    }

    @Override
    protected String extraRepr() {
        return "source_vocab=" + config.sourceVocab() + ", target_vocab=" + config.targetVocab() + ", embedding=" + config.embedding() + ", hidden="
                + config.hidden() + (config.bidirectional() ? ", bidirectional" : "") + ", attention=" + config.attention().name().toLowerCase(java.util.Locale.ROOT);
    }
}

package org.nabla.models;

import java.util.Arrays;
import org.nabla.nn.Embedding;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.recurrent.GRU;
import org.nabla.nn.recurrent.LSTM;
import org.nabla.nn.recurrent.RNN;
import org.nabla.nn.recurrent.RecurrentConfig;
import org.nabla.nn.recurrent.RecurrentLayer;
import org.nabla.nn.recurrent.RecurrentOutput;
import org.nabla.nn.recurrent.RecurrentState;
import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.SequenceState;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A character-level recurrent language model, laid out as the reference bench's {@code CharLSTM}: an embedding
 * ({@code emb}), a batch-first recurrent stack ({@code rnn}: Elman RNN with tanh, LSTM or GRU) and a linear head
 * ({@code out}) giving the next character's logits at every position. Its state is the stack's (h, c).
 */
public final class CharRnn extends Module implements LanguageModel {
    /** The recurrent cell. */
    public enum Cell { RNN, LSTM, GRU }

    /**
     * @param dropout between the recurrent layers, in training
     */
    public record Config(Cell cell, int vocab, int embedding, int hidden, int layers, double dropout) {
        public Config {
            if (vocab < 1 || embedding < 1 || hidden < 1 || layers < 1)
                throw new IllegalArgumentException("CharRnn: vocab, embedding, hidden and layers must be positive, got " + vocab + ", " + embedding + ", " + hidden + ", " + layers);
        }

        /** The reference bench's sizes: embedding 64, two layers of 256, no dropout. */
        public static Config of(Cell cell, int vocab) { return new Config(cell, vocab, 64, 256, 2, 0); }
    }

    private final Config config;
    private final Submodule<Embedding> emb;
    private final Submodule<RecurrentLayer> rnn;
    private final Submodule<Linear> out;

    public CharRnn(Config c, Generator gen) {
        config = c;
        emb = registerModule("emb", Embedding.class, new Embedding(c.vocab(), c.embedding(), null, gen));
        RecurrentConfig rc = RecurrentConfig.of(c.embedding(), c.hidden()).withNumLayers(c.layers()).withBatchFirst(true).withDropout(c.dropout());
        RecurrentLayer layer = switch (c.cell()) {
            case RNN -> new RNN(rc, "tanh", gen);
            case LSTM -> new LSTM(rc, gen);
            case GRU -> new GRU(rc, gen);
        };
        rnn = registerModule("rnn", RecurrentLayer.class, layer);
        out = registerModule("out", Linear.class, new Linear(c.hidden(), c.vocab(), true, gen));
    }

    public Config config() { return config; }

    @Override public int vocabSize() { return config.vocab(); }

    /** Logits [B, T, vocab] for tokens [B, T] from the zero state. */
    @Override public Tensor forward(Tensor tokens) { return run(tokens, null).logits(); }

    @Override public Output step(Tensor tokens, SequenceState state) { return invoke(() -> run(tokens, state), tokens, state); }

    private Output run(Tensor tokens, SequenceState state) {
        if (tokens.dim() != 2) throw new IllegalArgumentException(name() + ": expected token ids [B, T], got " + Arrays.toString(tokens.shape()));
        if (state != null && !(state instanceof RecurrentState))
            throw new IllegalArgumentException(name() + ": the state must be a RecurrentState, got " + state.getClass().getSimpleName());
        RecurrentOutput o = rnn.get().call(emb.get().call(tokens), (RecurrentState) state);
        return new Output(out.get().call(o.output()), o.state());
    }

    @Override
    protected String extraRepr() { return config.cell() + ", vocab=" + config.vocab() + ", embedding=" + config.embedding() + ", hidden=" + config.hidden() + ", layers=" + config.layers(); }
}

package org.nabla.sequence;

import org.nabla.tensor.Tensor;

/**
 * A model of token sequences that can be run a chunk at a time: logits for every position of {@code tokens}
 * given the state left by the previous chunk. Training with truncated BPTT feeds consecutive chunks and detaches
 * the state between them; decoding feeds one token at a time. Implemented by modules (a character LSTM, a GPT, a
 * seq2seq decoder bound to its encoder's memory), whose plain {@code call(tokens)} is {@code step(tokens, null).logits()}.
 */
public interface LanguageModel {
    /** Number of tokens the logits range over. */
    int vocabSize();

    /**
     * tokens [B, T] (int64) after {@code state} (null: the start of the sequences) → logits [B, T, vocab] and the
     * state after the last position.
     */
    Output step(Tensor tokens, SequenceState state);

    /** The logits of every position and the state to pass to the next call. */
    record Output(Tensor logits, SequenceState state) {}
}

package org.nabla.sequence;

import org.nabla.tensor.Tensor;

/**
 * What a sequence model carries from one call to the next: a recurrent network's hidden (and cell) states, a
 * transformer's context window, a decoder's encoder memory. Batch-major in meaning: row b of the state belongs to
 * row b of the tokens.
 */
public interface SequenceState {
    /** The same values cut from the graph: truncated backpropagation through time stops here. */
    SequenceState detach();

    /** The batch rows in the order given (int64 indices, repeats allowed): beam search reorders its hypotheses. */
    SequenceState select(Tensor rows);
}

package org.nabla.nn.recurrent;

import java.util.Arrays;
import org.nabla.sequence.SequenceState;
import org.nabla.tensor.Tensor;

/**
 * The state of a recurrent network between calls, laid out as PyTorch's (h_n, c_n): h [numLayers * numDirections,
 * B, H] (layer l's direction d at l * numDirections + d), c the same for LSTM and null for RNN and GRU. An unbatched
 * call's state has no B dim.
 */
public record RecurrentState(Tensor h, Tensor c) implements SequenceState {
    public RecurrentState {
        if (h == null) throw new IllegalArgumentException("RecurrentState: h must not be null");
        if (c != null && !Arrays.equals(h.shape(), c.shape()))
            throw new IllegalArgumentException("RecurrentState: h and c must have one shape, got " + Arrays.toString(h.shape()) + " and " + Arrays.toString(c.shape()));
    }

    /** The state of an RNN or GRU: h only. */
    public static RecurrentState of(Tensor h) { return new RecurrentState(h, null); }

    @Override
    public RecurrentState detach() { return new RecurrentState(h.detach(), c == null ? null : c.detach()); }

    /** Rows of the batch (dim 1), in the order given: beam search reorders its hypotheses. */
    @Override
    public RecurrentState select(Tensor rows) {
        if (h.dim() != 3) throw new IllegalArgumentException("RecurrentState.select: needs a batched state [layers, B, H], got " + Arrays.toString(h.shape()));
        return new RecurrentState(h.indexSelect(1, rows), c == null ? null : c.indexSelect(1, rows));
    }
}

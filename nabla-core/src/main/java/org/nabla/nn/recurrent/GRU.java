package org.nabla.nn.recurrent;

import org.nabla.backend.RecurrentCell;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Gated recurrent unit, as {@code torch.nn.GRU}: per step, from the gates r, z, n (rows of the weights in that
 * order), r = sigmoid(W_ir x + b_ir + W_hr h + b_hr), z likewise, n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) and
 * h' = (1 - z) * n + z * h. Stacked layers, bidirectional, batch-first, dropout between layers in training.
 */
public final class GRU extends RecurrentLayer {
    public GRU(int inputSize, int hiddenSize) { this(RecurrentConfig.of(inputSize, hiddenSize), Generator.global()); }

    public GRU(RecurrentConfig config, Generator gen) { super(RecurrentCell.GRU, config, gen); }

    @Override
    protected RecurrentOutput forward(Tensor x, RecurrentState state, Tensor lengths) {
        return named(() -> F.gru(x, state, flatWeights(), config(), lengths, isTraining(), gen));
    }
}

package org.nabla.nn.recurrent;

import org.nabla.backend.RecurrentCell;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Long short-term memory, as {@code torch.nn.LSTM}: per step, from the gates i, f, g, o (rows of the weights in that
 * order), c' = sigmoid(f) * c + sigmoid(i) * tanh(g) and h' = sigmoid(o) * tanh(c'). Stacked layers, bidirectional,
 * batch-first, dropout between layers in training; the state is (h, c), each [numLayers * directions, B, H].
 */
public final class LSTM extends RecurrentLayer {
    public LSTM(int inputSize, int hiddenSize) { this(RecurrentConfig.of(inputSize, hiddenSize), Generator.global()); }

    public LSTM(RecurrentConfig config, Generator gen) { super(RecurrentCell.LSTM, config, gen); }

    @Override
    protected RecurrentOutput forward(Tensor x, RecurrentState state, Tensor lengths) {
        return named(() -> F.lstm(x, state, flatWeights(), config(), lengths, isTraining(), gen));
    }
}

package org.nabla.nn.recurrent;

import org.nabla.backend.RecurrentCell;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The Elman network, as {@code torch.nn.RNN}: h' = tanh(W_ih x + b_ih + W_hh h + b_hh), or ReLU with nonlinearity
 * "relu". Stacked layers, bidirectional, batch-first, dropout between layers in training.
 */
public final class RNN extends RecurrentLayer {
    private final String nonlinearity;

    public RNN(int inputSize, int hiddenSize) { this(RecurrentConfig.of(inputSize, hiddenSize), "tanh", Generator.global()); }

    /** nonlinearity: "tanh" or "relu". */
    public RNN(RecurrentConfig config, String nonlinearity, Generator gen) {
        super(cellOf(nonlinearity), config, gen);
        this.nonlinearity = nonlinearity;
    }

    static RecurrentCell cellOf(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> RecurrentCell.RNN_TANH;
            case "relu" -> RecurrentCell.RNN_RELU;
            case null, default -> throw new IllegalArgumentException("RNN: nonlinearity must be 'tanh' or 'relu', got '" + nonlinearity + "'");
        };
    }

    public String nonlinearity() { return nonlinearity; }

    @Override
    protected RecurrentOutput forward(Tensor x, RecurrentState state, Tensor lengths) {
        return named(() -> F.rnn(x, state, flatWeights(), config(), nonlinearity, lengths, isTraining(), gen));
    }
}

package org.nabla.nn.recurrent;

import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;

/**
 * What the one-step cells share, as PyTorch's RNNCellBase: {@code weight_ih} [G*H, in], {@code weight_hh} [G*H, H],
 * {@code bias_ih} and {@code bias_hh} [G*H] (or none), uniform in [-1/sqrt(H), 1/sqrt(H)] from the generator.
 */
public abstract sealed class CellLayer extends Module permits RNNCell, LSTMCell, GRUCell {
    private final int inputSize, hiddenSize;
    public final Parameter weightIh, weightHh, biasIh, biasHh;

    CellLayer(String layer, int gates, int inputSize, int hiddenSize, boolean bias, Generator gen) {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new IllegalArgumentException(layer + ": input_size and hidden_size must be positive, got " + inputSize + " and " + hiddenSize);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih", Parameter.zeros(gates * hiddenSize, inputSize));
        weightHh = registerParameter("weight_hh", Parameter.zeros(gates * hiddenSize, hiddenSize));
        biasIh = bias ? registerParameter("bias_ih", Parameter.zeros(gates * hiddenSize)) : null;
        biasHh = bias ? registerParameter("bias_hh", Parameter.zeros(gates * hiddenSize)) : null;
        for (Parameter p : parameters()) Init.uniform(p, -bound, bound, gen);
    }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hiddenSize; }

    @Override
    protected String extraRepr() { return inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=False" : ""); }
}

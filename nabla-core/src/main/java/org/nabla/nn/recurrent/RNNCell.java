package org.nabla.nn.recurrent;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** One step of an Elman network, as {@code torch.nn.RNNCell}: h' = tanh (or relu)(W_ih x + b_ih + W_hh h + b_hh). */
public final class RNNCell extends CellLayer {
    private final String nonlinearity;

    public RNNCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, "tanh", Generator.global()); }

    public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity, Generator gen) {
        super("RNNCell", 1, inputSize, hiddenSize, bias, gen);
        RNN.cellOf(nonlinearity);
        this.nonlinearity = nonlinearity;
    }

    /** h' from a zero h. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, null); }

    /** x [B, in] (or [in]) and h [B, H] (or [H]; null: zeros) -> h'. */
    public Tensor call(Tensor x, Tensor h) { return invoke(() -> forward(x, h), x, h); }

    private Tensor forward(Tensor x, Tensor h) { return named(() -> F.rnnCell(x, h, weightIh, weightHh, biasIh, biasHh, nonlinearity)); }

    @Override
    protected String extraRepr() { return super.extraRepr() + ("tanh".equals(nonlinearity) ? "" : ", nonlinearity=" + nonlinearity); }
}

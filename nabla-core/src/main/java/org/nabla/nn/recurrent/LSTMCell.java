package org.nabla.nn.recurrent;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** One step of an LSTM, as {@code torch.nn.LSTMCell} (the gates of {@link LSTM}). */
public final class LSTMCell extends CellLayer {
    public LSTMCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, Generator.global()); }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator gen) { super("LSTMCell", 4, inputSize, hiddenSize, bias, gen); }

    /** h' from a zero state. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, null).h(); }

    /** x [B, in] (or [in]) and (h, c) [B, H] each (or [H]; null: zeros) -> (h', c'). */
    public CellState call(Tensor x, CellState state) { return invoke(() -> forward(x, state), x, state); }

    private CellState forward(Tensor x, CellState state) { return named(() -> F.lstmCell(x, state, weightIh, weightHh, biasIh, biasHh)); }
}

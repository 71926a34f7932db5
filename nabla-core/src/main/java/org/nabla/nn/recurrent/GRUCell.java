package org.nabla.nn.recurrent;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** One step of a GRU, as {@code torch.nn.GRUCell} (the gates of {@link GRU}). */
public final class GRUCell extends CellLayer {
    public GRUCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, Generator.global()); }

    public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator gen) { super("GRUCell", 3, inputSize, hiddenSize, bias, gen); }

    /** h' from a zero h. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, null); }

    /** x [B, in] (or [in]) and h [B, H] (or [H]; null: zeros) -> h'. */
    public Tensor call(Tensor x, Tensor h) { return invoke(() -> forward(x, h), x, h); }

    private Tensor forward(Tensor x, Tensor h) { return named(() -> F.gruCell(x, h, weightIh, weightHh, biasIh, biasHh)); }
}

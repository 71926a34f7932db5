package org.nabla.nn.recurrent;

import org.nabla.tensor.Tensor;

/** What an {@link LSTMCell} step returns and takes: h and c, each [B, H] (or [H] unbatched). */
public record CellState(Tensor h, Tensor c) {}

package org.nabla.nn.recurrent;

import org.nabla.tensor.Tensor;

/**
 * What a recurrent layer returns, as PyTorch's (output, h_n) or (output, (h_n, c_n)): output [T, B, D * H] (or [B,
 * T, D * H] batch-first; zero at steps past a row's length) and the final state, each row's state at its own last
 * step.
 */
public record RecurrentOutput(Tensor output, RecurrentState state) {}

/**
 * Recurrent layers with PyTorch's semantics and parameter names: {@link org.nabla.nn.recurrent.RNN},
 * {@link org.nabla.nn.recurrent.LSTM}, {@link org.nabla.nn.recurrent.GRU} (stacked, bidirectional, batch-first,
 * variable lengths; state {@link org.nabla.nn.recurrent.RecurrentState}) and the one-step cells. Their math is in
 * {@code nn.functional.F}; each layer and direction runs as one fused op ({@code tensor.Recurrence}).
 */
package org.nabla.nn.recurrent;

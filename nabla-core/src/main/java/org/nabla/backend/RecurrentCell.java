package org.nabla.backend;

/**
 * The cells a fused recurrence ({@link Backend#recurrence}) runs, with PyTorch's gate order: an Elman cell with tanh
 * or ReLU (one block of H rows in the weights), LSTM (i, f, g, o: four blocks), GRU (r, z, n: three blocks).
 */
public enum RecurrentCell {
    RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

    /** Blocks of H rows in weight_ih / weight_hh. */
    public final int gates;

    RecurrentCell(int gates) { this.gates = gates; }

    /** Whether the cell carries a cell state c beside h. */
    public boolean hasCellState() { return this == LSTM; }
}

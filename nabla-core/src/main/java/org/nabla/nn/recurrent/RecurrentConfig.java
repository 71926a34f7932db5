package org.nabla.nn.recurrent;

/**
 * The shape of a recurrent layer, with PyTorch's defaults: one layer, biases, time-major input [T, B, in], no dropout
 * between layers, one direction. {@code RecurrentConfig.of(64, 256).withNumLayers(2).withBatchFirst(true)}.
 */
public record RecurrentConfig(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
    public RecurrentConfig {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new IllegalArgumentException("recurrent layer: input_size and hidden_size must be positive, got " + inputSize + " and " + hiddenSize);
        if (numLayers <= 0) throw new IllegalArgumentException("recurrent layer: num_layers must be positive, got " + numLayers);
        if (!(dropout >= 0 && dropout <= 1)) throw new IllegalArgumentException("recurrent layer: dropout must be within [0, 1], got " + dropout);
    }

    public static RecurrentConfig of(int inputSize, int hiddenSize) { return new RecurrentConfig(inputSize, hiddenSize, 1, true, false, 0, false); }

    public RecurrentConfig withNumLayers(int n) { return new RecurrentConfig(inputSize, hiddenSize, n, bias, batchFirst, dropout, bidirectional); }

    public RecurrentConfig withBias(boolean b) { return new RecurrentConfig(inputSize, hiddenSize, numLayers, b, batchFirst, dropout, bidirectional); }

    public RecurrentConfig withBatchFirst(boolean b) { return new RecurrentConfig(inputSize, hiddenSize, numLayers, bias, b, dropout, bidirectional); }

    public RecurrentConfig withDropout(double p) { return new RecurrentConfig(inputSize, hiddenSize, numLayers, bias, batchFirst, p, bidirectional); }

    public RecurrentConfig withBidirectional(boolean b) { return new RecurrentConfig(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, b); }

    /** 2 when bidirectional, else 1. */
    public int directions() { return bidirectional ? 2 : 1; }

    /** PyTorch's extra_repr of RNNBase. */
    String repr() {
        StringBuilder s = new StringBuilder(inputSize + ", " + hiddenSize);
        if (numLayers != 1) s.append(", num_layers=").append(numLayers);
        if (!bias) s.append(", bias=False");
        if (batchFirst) s.append(", batch_first=True");
        if (dropout != 0) s.append(", dropout=").append(dropout);
        if (bidirectional) s.append(", bidirectional=True");
        return s.toString();
    }
}

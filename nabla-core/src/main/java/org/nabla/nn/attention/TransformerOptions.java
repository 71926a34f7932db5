package org.nabla.nn.attention;

/**
 * The configuration of a transformer encoder or decoder layer, with {@code torch.nn.TransformerEncoderLayer}'s
 * defaults ({@link #of}): feed-forward width 2048, dropout 0.1, activation "relu" ("gelu" is the exact, erf-based
 * GELU), layer norm eps 1e-5, sequence-first inputs, post-norm (normFirst false: x = norm(x + sublayer(x));
 * normFirst true: x = x + sublayer(norm(x))).
 */
public record TransformerOptions(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                 boolean batchFirst, boolean normFirst) {
    public TransformerOptions {
        String who = "TransformerOptions";
        if (dModel <= 0 || nhead <= 0 || dModel % nhead != 0)
            throw new IllegalArgumentException(who + ": d_model (" + dModel + ") must be positive and divisible by nhead (" + nhead + ")");
        if (dimFeedforward <= 0) throw new IllegalArgumentException(who + ": dim_feedforward must be positive, got " + dimFeedforward);
        if (!(dropout >= 0 && dropout <= 1)) throw new IllegalArgumentException(who + ": dropout probability has to be in [0, 1], got " + dropout);
        if (!"relu".equals(activation) && !"gelu".equals(activation))
            throw new IllegalArgumentException(who + ": activation should be relu or gelu, not '" + activation + "'");
        if (!(layerNormEps >= 0)) throw new IllegalArgumentException(who + ": layer_norm_eps must be non-negative, got " + layerNormEps);
    }

    /** PyTorch's defaults for the given model width and head count. */
    public static TransformerOptions of(int dModel, int nhead) { return new TransformerOptions(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false); }

    public TransformerOptions withDimFeedforward(int v) { return new TransformerOptions(dModel, nhead, v, dropout, activation, layerNormEps, batchFirst, normFirst); }

    public TransformerOptions withDropout(double v) { return new TransformerOptions(dModel, nhead, dimFeedforward, v, activation, layerNormEps, batchFirst, normFirst); }

    /** "relu" or "gelu". */
    public TransformerOptions withActivation(String v) { return new TransformerOptions(dModel, nhead, dimFeedforward, dropout, v, layerNormEps, batchFirst, normFirst); }

    public TransformerOptions withLayerNormEps(double v) { return new TransformerOptions(dModel, nhead, dimFeedforward, dropout, activation, v, batchFirst, normFirst); }

    public TransformerOptions withBatchFirst(boolean v) { return new TransformerOptions(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, v, normFirst); }

    public TransformerOptions withNormFirst(boolean v) { return new TransformerOptions(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, v); }

    /** The feed-forward activation applied. */
    org.nabla.tensor.Tensor activate(org.nabla.tensor.Tensor x) {
        return "gelu".equals(activation) ? org.nabla.nn.functional.F.gelu(x) : org.nabla.nn.functional.F.relu(x);
    }
}

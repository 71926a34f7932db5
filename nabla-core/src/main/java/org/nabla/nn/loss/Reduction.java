package org.nabla.nn.loss;

import java.util.Locale;

/** How a loss reduces its per-element values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** The per-element losses, unreduced. */
    NONE,
    /** Their mean (the weighted mean for losses with class weights). */
    MEAN,
    /** Their sum. */
    SUM,
    /** The sum divided by the batch size (dim 0); KLDivLoss only, where it gives the true KL divergence per sample. */
    BATCHMEAN;

    /** Parses PyTorch's spelling: "none", "mean", "sum" or "batchmean". */
    public static Reduction of(String name) {
        for (Reduction r : values()) if (r.toString().equals(name)) return r;
        throw new IllegalArgumentException("reduction: expected 'none', 'mean', 'sum' or 'batchmean', got '" + name + "'");
    }

    /** PyTorch's spelling. */
    @Override
    public String toString() { return name().toLowerCase(Locale.ROOT); }
}

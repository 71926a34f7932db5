package org.nabla.metrics;

import java.util.Arrays;
import org.nabla.tensor.Tensor;

/**
 * The fraction of sequences predicted exactly: every position of a row of the targets [B, T] not equal to the ignore
 * index (padding) matches the prediction. Predictions are token ids [B, T] (a decoder's output) or logits [B, T, V]
 * (their argmax over the last dim).
 */
public final class ExactMatch implements Metric {
    private final long ignoreIndex;
    private long matched, rows;

    /** Positions whose target is {@code ignoreIndex} are not compared. */
    public ExactMatch(long ignoreIndex) { this.ignoreIndex = ignoreIndex; }

    @Override public String name() { return "exact_match"; }

    @Override
    public void update(Tensor output, Tensor target) {
        Tensor predicted = output.dim() == 3 ? output.detach().argmax(2, false) : output;
        if (target.dim() != 2 || !Arrays.equals(predicted.shape(), target.shape()))
            throw new IllegalArgumentException("exact_match: expected predictions [B, T] (or logits [B, T, V]) and targets [B, T], got "
                    + Arrays.toString(output.shape()) + " and " + Arrays.toString(target.shape()));
        long[] p = predicted.toLongArray(), y = target.toLongArray();
        int b = target.size(0), t = target.size(1);
        for (int r = 0; r < b; r++) {
            boolean same = true;
            for (int i = r * t; i < (r + 1) * t && same; i++) same = y[i] == ignoreIndex || p[i] == y[i];
            if (same) matched++;
        }
        rows += b;
    }

    @Override public double compute() { return rows == 0 ? Double.NaN : (double) matched / rows; }

    @Override
    public void reset() {
        matched = 0;
        rows = 0;
    }
}

package org.nabla.metrics;

import org.nabla.tensor.Tensor;

/**
 * exp of the mean negative log-likelihood of the targets [N] under the softmax of logits [N, V]: the perplexity of
 * a language model, per token. Targets equal to the ignore index (padding) are not counted. It is computed from
 * the logits, so a loss with label smoothing does not change it.
 */
public final class Perplexity implements Metric {
    private final long ignoreIndex;
    private double nll;
    private long tokens;

    /** Counts every target except {@code ignoreIndex} (use a negative one, e.g. -100, to count all). */
    public Perplexity(long ignoreIndex) { this.ignoreIndex = ignoreIndex; }

    @Override public String name() { return "perplexity"; }

    @Override
    public void update(Tensor output, Tensor target) {
        Inputs.rowsAndTargets("perplexity", "logits", output, target);
        int v = output.size(1);
        double[] logits = output.toDoubleArray();
        long[] y = target.toLongArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] == ignoreIndex) continue;
            if (y[i] < 0 || y[i] >= v) throw new IllegalArgumentException("perplexity: target " + y[i] + " at " + i + " is outside [0, " + v + ")");
            int row = i * v;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) max = Math.max(max, logits[row + j]);
            double sum = 0;
            for (int j = 0; j < v; j++) sum += Math.exp(logits[row + j] - max);
            nll += max + Math.log(sum) - logits[row + (int) y[i]];
            tokens++;
        }
    }

    @Override public double compute() { return tokens == 0 ? Double.NaN : Math.exp(nll / tokens); }

    @Override
    public void reset() {
        nll = 0;
        tokens = 0;
    }
}

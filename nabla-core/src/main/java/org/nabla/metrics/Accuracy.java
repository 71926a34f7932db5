package org.nabla.metrics;

import org.nabla.tensor.Tensor;

/**
 * The fraction of samples whose highest-scoring class (argmax over dim 1 of outputs [N, C], the first maximum on
 * ties) is the target [N]. Targets equal to an ignore index (padding tokens) are not counted.
 */
public final class Accuracy implements Metric {
    private final boolean ignoring;
    private final long ignoreIndex;
    private long correct, counted;

    /** Counts every target. */
    public Accuracy() {
        ignoring = false;
        ignoreIndex = 0;
    }

    /** Skips targets equal to {@code ignoreIndex}, as a loss with that ignore index does. */
    public Accuracy(long ignoreIndex) {
        ignoring = true;
        this.ignoreIndex = ignoreIndex;
    }

    @Override public String name() { return "accuracy"; }

    @Override
    public void update(Tensor output, Tensor target) {
        Inputs.rowsAndTargets("accuracy", "outputs", output, target);
        long[] predicted = output.detach().argmax(1, false).toLongArray(), y = target.toLongArray();
        for (int i = 0; i < y.length; i++) {
            if (ignoring && y[i] == ignoreIndex) continue;
            counted++;
            if (predicted[i] == y[i]) correct++;
        }
    }

    @Override public double compute() { return counted == 0 ? Double.NaN : (double) correct / counted; }

    @Override
    public void reset() {
        correct = 0;
        counted = 0;
    }

    /** Targets counted since the last reset. */
    public long count() { return counted; }
}

package org.nabla.train.task;

import org.nabla.autograd.GradMode;
import org.nabla.metrics.Metric;
import org.nabla.nn.functional.F;
import org.nabla.nn.loss.MultiTaskLoss;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.Tensor;

/**
 * A metric of one head of a {@link MultiTask}: its outputs are columns [from, from + width) of the heads' logits
 * side by side, its targets column {@code column} of the targets [N, heads]. Named {@code prefix + inner's name}.
 */
final class HeadMetric implements Metric {
    private final String prefix;
    private final int from, width, column;
    private final Metric inner;

    HeadMetric(String prefix, int from, int width, int column, Metric inner) {
        this.prefix = prefix;
        this.from = from;
        this.width = width;
        this.column = column;
        this.inner = inner;
    }

    @Override public String name() { return prefix + inner.name(); }

    @Override
    public void update(Tensor output, Tensor target) { inner.update(output.narrow(1, from, width), target.select(1, column)); }

    @Override public double compute() { return inner.compute(); }

    @Override public void reset() { inner.reset(); }

    /** The mean cross-entropy of logits [N, C] against class labels [N] over every sample seen. */
    static final class MeanCrossEntropy implements Metric {
        private double sum;
        private long count;

        @Override public String name() { return "loss"; }

        @Override
        public void update(Tensor output, Tensor target) {
            try (var g = GradMode.noGrad()) {
                sum += F.crossEntropy(output.detach(), target, null, F.DEFAULT_IGNORE_INDEX, 0, Reduction.SUM).item();
            }
            count += target.size(0);
        }

        @Override public double compute() { return count == 0 ? Double.NaN : sum / count; }

        @Override
        public void reset() {
            sum = 0;
            count = 0;
        }
    }

    /** The weight a {@link MultiTaskLoss} puts on task {@code index} when computed (learned weights move during a loop). */
    static final class Weight implements Metric {
        private final String name;
        private final MultiTaskLoss weighting;
        private final int index;

        Weight(String name, MultiTaskLoss weighting, int index) {
            this.name = name;
            this.weighting = weighting;
            this.index = index;
        }

        @Override public String name() { return name; }

        @Override public void update(Tensor output, Tensor target) {}

        @Override public double compute() { return weighting.weights()[index]; }

        @Override public void reset() {}
    }
}

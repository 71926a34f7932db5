package org.nabla.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.ints;
import static org.nabla.testing.Fixtures.num;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures;

/** The tasks' metrics against scikit-learn and PyTorch ({@code task_metrics.json}), accumulated over uneven batches. */
class TaskMetricsTest {
    private static final Map<String, Object> FIXTURE = Fixtures.load("/fixtures/task_metrics.json");

    private static double[] doubles(Object list) { return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray(); }

    /** Feeds rows [0, n) of predicted and target to the metric in three uneven batches. */
    private static double inBatches(Metric m, Tensor predicted, Tensor target) {
        int n = predicted.size(0), a = n / 5, b = n / 2;
        m.update(Tensor.zeros(predicted.shape()), target); // a first epoch, forgotten by reset
        m.reset();
        for (int[] r : new int[][] {{0, a}, {a, b}, {b, n}}) m.update(predicted.narrow(0, r[0], r[1] - r[0]), target.narrow(0, r[0], r[1] - r[0]));
        return m.compute();
    }

    @TestFactory
    Stream<DynamicTest> regressionMetricsMatchScikitLearn() {
        return Fixtures.cases(FIXTURE, "regression").map(c -> dynamicTest((String) c.get("name"), () -> {
            int[] shape = ints(c.get("shape"));
            Tensor y = Tensor.of(doubles(c.get("target")), shape), p = Tensor.of(doubles(c.get("predicted")), shape);
            assertThat(inBatches(new MeanAbsoluteError(), p, y)).isCloseTo(num(c, "mae"), within(1e-12));
            assertThat(inBatches(new RootMeanSquaredError(), p, y)).isCloseTo(num(c, "rmse"), within(1e-12));
            assertThat(inBatches(new R2Score(), p, y)).isCloseTo(num(c, "r2"), within(1e-12));
        }));
    }

    @TestFactory
    Stream<DynamicTest> perplexityAndTokenAccuracyMatchPyTorch() {
        return Fixtures.cases(FIXTURE, "perplexity").map(c -> dynamicTest((String) c.get("name"), () -> {
            Tensor logits = Tensor.of(doubles(c.get("logits")), ints(c.get("shape")));
            long[] t = ((List<?>) c.get("target")).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
            Tensor target = Tensor.of(t, t.length);
            long ignore = (long) num(c, "ignore_index");
            assertThat(inBatches(new Perplexity(ignore), logits, target)).isCloseTo(num(c, "perplexity"), within(1e-10 * num(c, "perplexity")));
            assertThat(inBatches(new Accuracy(ignore), logits, target)).isCloseTo(num(c, "accuracy"), within(1e-15));
        }));
    }

    @Test
    void shapesAndEmptyMetricsAreHandled() {
        assertThat(new R2Score().compute()).isNaN();
        assertThat(new MeanAbsoluteError().compute()).isNaN();
        assertThat(new Accuracy().compute()).isNaN();
        R2Score r2 = new R2Score();
        r2.update(Tensor.of(new float[] {1, 2, 3}, 3, 1), Tensor.of(new float[] {1, 2, 3}, 3)); // [N, 1] against [N]
        assertThat(r2.compute()).isEqualTo(1.0);
        assertThatThrownBy(() -> r2.update(Tensor.zeros(2, 2), Tensor.zeros(2, 2))).hasMessage("r2: 2 outputs per sample after 1 in earlier batches");
        assertThatThrownBy(() -> new MeanAbsoluteError().update(Tensor.zeros(3), Tensor.zeros(4)))
                .hasMessage("mae: predictions and targets need the same samples and values, got [3] and [4]");
        assertThatThrownBy(() -> new Accuracy().update(Tensor.zeros(3), Tensor.zeros(3)))
                .hasMessage("accuracy: expected outputs [N, C] and targets [N], got [3] and [3]");
        assertThatThrownBy(() -> new Perplexity(-100).update(Tensor.zeros(2, 3), Tensor.of(new long[] {0, 3}, 2)))
                .hasMessage("perplexity: target 3 at 1 is outside [0, 3)");
        MetricAccumulator acc = new MetricAccumulator(3);
        acc.update(Tensor.of(new float[][] {{1, 0, 0}, {0, 0, 1}}), Tensor.of(new long[] {0, 1}, 2));
        assertThat(acc.name()).isEqualTo("accuracy");
        assertThat(acc.compute()).isEqualTo(0.5).isEqualTo(acc.accuracy());
    }
}

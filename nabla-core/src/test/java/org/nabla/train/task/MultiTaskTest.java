package org.nabla.train.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.data.Batch;
import org.nabla.data.DataLoader;
import org.nabla.data.TensorDataset;
import org.nabla.models.MultiHeadModel;
import org.nabla.nn.Linear;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.loss.MultiTaskLoss;
import org.nabla.optim.Adam;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;
import org.nabla.train.Trainer;
import org.nabla.train.gradient.GradientChain;

/** {@link MultiTask}: a quadrant (4 classes) and a half-plane (2 groups) of 2-d points, from one trunk. */
class MultiTaskTest {
    /** x ~ N(0, 1) [n, 2]; targets: the quadrant (2·[x0 > 0] + [x1 > 0]) and the half [x0 > 0]. */
    private static TensorDataset quadrants(int n, long seed) {
        Tensor x = Tensor.randn(new Generator(seed), n, 2);
        float[] v = x.toFloatArray();
        long[] quadrant = new long[n], half = new long[n];
        for (int i = 0; i < n; i++) {
            half[i] = v[2 * i] > 0 ? 1 : 0;
            quadrant[i] = 2 * half[i] + (v[2 * i + 1] > 0 ? 1 : 0);
        }
        return new TensorDataset(List.of(x), List.of(Tensor.of(quadrant, n), Tensor.of(half, n)));
    }

    private static MultiHeadModel model() {
        return MultiHeadModel.split(new Sequential(new Linear(2, 16, true, new Generator(1)), new ReLU(), new Linear(16, 4, true, new Generator(2))),
                "quadrant", Map.of("half", 2), new Generator(3));
    }

    /** Mean cross-entropy of logits [n, c] against labels, in double arithmetic. */
    private static double crossEntropy(Tensor logits, Tensor labels) {
        float[] z = logits.toFloatArray();
        long[] y = labels.toLongArray();
        int c = logits.size(1);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double max = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < c; j++) max = Math.max(max, z[i * c + j]);
            for (int j = 0; j < c; j++) s += Math.exp(z[i * c + j] - max);
            sum += max + Math.log(s) - z[i * c + (int) y[i]];
        }
        return sum / y.length;
    }

    @Test
    void theLossIsTheWeightedSumOfTheHeadsCrossEntropies() {
        MultiHeadModel m = model();
        Batch batch = quadrants(40, 5).batch(java.util.stream.IntStream.range(0, 40).toArray());
        Map<String, Tensor> heads = m.callHeads(batch.x());
        double quadrant = crossEntropy(heads.get("quadrant"), batch.target(0)), half = crossEntropy(heads.get("half"), batch.target(1));

        StepResult r = new MultiTask(m, null, MultiTaskLoss.fixed(1, 0.5)).evalStep(batch);
        assertThat(r.lossSum() / r.lossWeight()).isCloseTo(quadrant + 0.5 * half, within(1e-5));
        assertThat(r.output().shape()).containsExactly(40, 6);
        assertThat(r.target().shape()).containsExactly(40, 2);
    }

    /** One SGD step from s = 0: grad s_i = 1 - L_i, so s_i becomes -lr (1 - L_i). */
    @Test
    void uncertaintyParametersGetTheirGradientAndMove() {
        MultiHeadModel m = model();
        MultiTaskLoss weighting = MultiTaskLoss.uncertainty(2);
        Batch batch = quadrants(40, 5).batch(java.util.stream.IntStream.range(0, 40).toArray());
        Map<String, Tensor> heads = m.callHeads(batch.x());
        double quadrant = crossEntropy(heads.get("quadrant"), batch.target(0)), half = crossEntropy(heads.get("half"), batch.target(1));
        double lr = 0.1;
        MultiTask task = new MultiTask(m, new SGD(MultiTask.parameters(m, weighting), SGD.Options.defaults().withLr(lr)), weighting);

        StepResult r = task.trainStep(batch, new StepContext(new GradientChain()));
        assertThat(r.lossSum() / r.lossWeight()).isCloseTo(quadrant + half, within(1e-5)); // s = 0: weights 1, no offset
        Tensor s = weighting.namedParameters().get("log_vars");
        assertThat(s.toFloatArray()[0]).isCloseTo((float) (-lr * (1 - quadrant)), within(1e-5f));
        assertThat(s.toFloatArray()[1]).isCloseTo((float) (-lr * (1 - half)), within(1e-5f));
    }

    @Test
    void trainsBothHeadsLogsEachAndCheckpointsTheLearnedWeights() {
        MultiHeadModel m = model();
        MultiTaskLoss weighting = MultiTaskLoss.uncertainty(2);
        MultiTask task = new MultiTask(m, new Adam(MultiTask.parameters(m, weighting), Adam.Options.defaults().withLr(0.03)), weighting);
        Trainer t = Trainer.builder(task).train(DataLoader.builder(quadrants(512, 1)).batchSize(32).shuffle(4).build())
                .validation(DataLoader.builder(quadrants(256, 2)).batchSize(64).build()).build();
        List<Map<String, Double>> logs = t.fit(8);

        assertThat(t.logColumns()).contains("train_accuracy", "train_quadrant_loss", "train_quadrant_accuracy", "train_quadrant_weight",
                "train_half_loss", "train_half_accuracy", "train_half_weight", "val_accuracy", "val_half_accuracy");
        Map<String, Double> last = logs.getLast();
        assertThat(last.get("val_accuracy")).isEqualTo(last.get("val_quadrant_accuracy")).isGreaterThan(0.9);
        assertThat(last.get("val_half_accuracy")).isGreaterThan(0.95);
        assertThat(last.get("val_half_loss")).isLessThan(logs.getFirst().get("val_half_loss"));
        // the easier task ends with the smaller loss, so the larger weight exp(-s)
        assertThat(last.get("train_half_weight")).isGreaterThan(last.get("train_quadrant_weight")).isGreaterThan(1);
        assertThat(t.checkpoint().model().keySet()).contains("model.trunk.0.weight", "model.heads.half.bias", "loss_weights.log_vars");
    }

    @Test
    void refusesAMismatchedLossAndBatchesWithoutATargetPerHead() {
        MultiHeadModel m = model();
        assertThatThrownBy(() -> new MultiTask(m, null, MultiTaskLoss.fixed(1, 1, 1)))
                .hasMessage("MultiTask: the loss combines 3 tasks, the model has 2 heads [quadrant, half]");
        assertThatThrownBy(() -> new MultiTask(new MultiHeadModel(new ReLU(), Map.of("a", new ReLU())), null, MultiTaskLoss.fixed(1)))
                .hasMessage("MultiTask: head 'a' is a ReLU; the task needs Linear heads (their widths are the classes)");
        Batch oneTarget = new Batch(Tensor.randn(new Generator(1), 4, 2), Tensor.of(new long[] {0, 1, 2, 3}, 4));
        assertThatThrownBy(() -> new MultiTask(m, null, MultiTaskLoss.fixed(1, 1)).evalStep(oneTarget))
                .hasMessage("MultiTask: the model has 2 heads [quadrant, half], the batch has 1 target (one per head, in head order)");
    }
}

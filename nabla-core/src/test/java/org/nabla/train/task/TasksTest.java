package org.nabla.train.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.data.Batch;
import org.nabla.data.CharCorpus;
import org.nabla.data.DataLoader;
import org.nabla.data.TensorDataset;
import org.nabla.metrics.Metric;
import org.nabla.nn.Embedding;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.HuberLoss;
import org.nabla.nn.loss.L1Loss;
import org.nabla.nn.loss.Loss;
import org.nabla.nn.loss.Reduction;
import org.nabla.optim.Adam;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepResult;
import org.nabla.train.Trainer;

/** The supervised tasks (regression, sequence, classification) through the Trainer. */
class TasksTest {
    /** y = x·[1.5, -2, 0.5] + 0.3 + noise 0.05, x ~ N(0, 1): {x [n, 3], y [n]} float32. */
    static Tensor[] linearData(int n, long seed) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.randn(g, n, 3);
        Tensor y = x.matmul(Tensor.of(new float[] {1.5f, -2f, 0.5f}, 3, 1)).reshape(n).add(0.3).add(Tensor.randn(g, n).mul(0.05));
        return new Tensor[] {x, y};
    }

    private static Trainer regression(Loss loss, List<Map<String, Double>> logs) {
        Tensor[] train = linearData(512, 1), val = linearData(128, 2);
        Module model = new Linear(3, 1, true, new Generator(3));
        RegressionTask task = new RegressionTask(model, new Adam(model.parameters(), Adam.Options.defaults().withLr(0.05)), loss);
        Trainer t = Trainer.builder(task).train(DataLoader.builder(new TensorDataset(train[0], train[1])).batchSize(32).shuffle(4).build())
                .validation(DataLoader.builder(new TensorDataset(val[0], val[1])).batchSize(64).build()).build();
        logs.addAll(t.fit(15));
        return t;
    }

    @Test
    void regressionOnFloatTargetsReportsMaeRmseAndR2() {
        List<Map<String, Double>> logs = new ArrayList<>();
        Trainer t = regression(null, logs);
        assertThat(t.logColumns()).containsExactly("epoch", "train_loss", "train_mae", "train_rmse", "train_r2", "val_loss", "val_mae",
                "val_rmse", "val_r2", "lr", "samples_per_s", "seconds");
        Map<String, Double> last = logs.getLast();
        assertThat(last.keySet()).containsExactlyElementsOf(t.logColumns());
        assertThat(last.get("val_r2")).isGreaterThan(0.99);
        assertThat(last.get("val_mae")).isLessThan(0.1);
        assertThat(logs.getFirst().get("train_r2")).isLessThan(last.get("train_r2"));
        // MSE per sample with one output is the squared RMSE of the same predictions.
        assertThat(Math.pow(last.get("val_rmse"), 2)).isCloseTo(last.get("val_loss"), within(1e-6 * last.get("val_loss")));
    }

    @Test
    void regressionTrainsWithL1AndHuberLosses() {
        for (Loss loss : List.of(new L1Loss(), new HuberLoss(0.5, Reduction.MEAN))) {
            List<Map<String, Double>> logs = new ArrayList<>();
            regression(loss, logs);
            assertThat(logs.getLast().get("val_r2")).as(loss.name()).isGreaterThan(0.98);
        }
    }

    @Test
    void regressionChecksTargetsAndTakesCustomMetrics() {
        Module model = new Linear(3, 2, true, new Generator(0));
        RegressionTask task = new RegressionTask(model, new SGD(model.parameters(), 0.1));
        task.metric(MaxError::new);
        Tensor x = Tensor.randn(new Generator(1), 8, 3);
        StepResult r = task.evalStep(new Batch(x, Tensor.zeros(8, 2)));
        assertThat(r.lossWeight()).isEqualTo(8);
        assertThat(task.metrics()).extracting(Metric::name).containsExactly("mae", "rmse", "r2", "max_error");
        assertThatThrownBy(() -> task.evalStep(new Batch(x, Tensor.zeros(8, 3)))).hasMessage("RegressionTask: outputs [8, 2] do not match targets [8, 3]");
        assertThatThrownBy(() -> task.evalStep(new Batch(x, Tensor.of(new long[16], 8, 2))))
                .hasMessage("RegressionTask: targets must be floating point, got int64");
    }

    /** The largest absolute error: a metric written outside the library. */
    private static final class MaxError implements Metric {
        private double max = Double.NaN;

        @Override public String name() { return "max_error"; }

        @Override public void update(Tensor output, Tensor target) {
            double m = output.sub(target).abs().max().item();
            max = Double.isNaN(max) ? m : Math.max(max, m);
        }

        @Override public double compute() { return max; }

        @Override public void reset() { max = Double.NaN; }
    }

    @Test
    void customMetricsAreLoggedForTrainingAndValidation() {
        Tensor[] train = linearData(64, 5);
        Module model = new Linear(3, 1, true, new Generator(3));
        RegressionTask task = new RegressionTask(model, new SGD(model.parameters(), 0.05));
        task.metric(MaxError::new);
        DataLoader loader = DataLoader.builder(new TensorDataset(train[0], train[1])).batchSize(16).build();
        Map<String, Double> logs = Trainer.builder(task).train(loader).validation(loader).build().fit(1).getFirst();
        assertThat(logs.get("train_max_error")).isGreaterThan(logs.get("train_mae"));
        assertThat(logs.get("val_max_error")).isGreaterThanOrEqualTo(logs.get("val_mae"));
    }

    private static final String TEXT = "the cat sat on the mat. the dog sat on the log. ".repeat(12);

    @Test
    void sequenceTaskLearnsPerTokenWithAccuracyAndPerplexity() {
        CharCorpus corpus = new CharCorpus(TEXT, 16);
        int v = corpus.vocabSize();
        Generator g = new Generator(2);
        Module model = new Sequential(new Embedding(v, 24, null, g), new Linear(24, v, true, g));
        SequenceTask task = new SequenceTask(model, new Adam(model.parameters(), Adam.Options.defaults().withLr(0.03)), -100);
        Trainer t = Trainer.builder(task).train(DataLoader.builder(corpus).batchSize(8).shuffle(1).build()).build();
        List<Map<String, Double>> logs = t.fit(12);
        Map<String, Double> first = logs.getFirst(), last = logs.getLast();
        assertThat(t.metricNames()).containsExactly("accuracy", "perplexity");
        assertThat(last.get("train_loss")).isLessThan(first.get("train_loss"));
        assertThat(last.get("train_accuracy")).isGreaterThan(0.5);
        assertThat(last.get("train_perplexity")).isLessThan(first.get("train_perplexity")).isLessThan(4.0);
        // Without smoothing, the perplexity is exp of the per-token cross-entropy of the same outputs.
        for (Map<String, Double> l : logs) assertThat(l.get("train_perplexity")).isCloseTo(Math.exp(l.get("train_loss")), within(1e-4 * l.get("train_perplexity")));
    }

    @Test
    void aMaskAndTheIgnoreIndexLeaveTokensOutOfLossAndMetrics() {
        Generator g = new Generator(4);
        Module model = new Sequential(new Embedding(5, 4, null, g), new Linear(4, 5, true, g));
        SequenceTask task = new SequenceTask(model, null, new CrossEntropyLoss(null, -1, 0, Reduction.MEAN));
        Tensor x = Tensor.of(new long[] {0, 1, 2, 3, 4, 0, 1, 2}, 2, 4), y = Tensor.of(new long[] {1, 2, 3, 4, 0, 1, 2, 3}, 2, 4);
        Tensor mask = Tensor.of(new float[] {1, 1, 0, 0, 1, 1, 1, 0}, 2, 4);
        Tensor ignored = Tensor.of(new long[] {1, 2, -1, -1, 0, 1, 2, -1}, 2, 4);
        StepResult masked = task.evalStep(new Batch(List.of(x), List.of(y, mask))), viaIndex = task.evalStep(new Batch(x, ignored));
        assertThat(masked.lossWeight()).isEqualTo(5).isEqualTo(viaIndex.lossWeight());
        assertThat(masked.lossSum()).isEqualTo(viaIndex.lossSum());
        assertThat(masked.target().toLongArray()).containsExactly(ignored.reshape(-1).toLongArray());
        // The loss is the mean over the five counted tokens only.
        Tensor logits = model.call(x).reshape(-1, 5);
        double expected = 0;
        long[] flat = ignored.reshape(-1).toLongArray();
        Tensor logp = logits.logSoftmax(1);
        for (int i = 0; i < flat.length; i++) if (flat[i] >= 0) expected -= logp.select(0, i).select(0, (int) flat[i]).item();
        assertThat(masked.lossSum()).isCloseTo(expected, within(1e-5));
        assertThatThrownBy(() -> task.evalStep(new Batch(x, y.reshape(8)))).hasMessageStartingWith("SequenceTask: expected logits [B, T, V] and targets [B, T]");
    }

    @Test
    void aClassificationTaskTrainsBitForBitAsTheModelAndOptimizerBuilder() {
        Tensor[] d = linearData(96, 7);
        Tensor labels = d[1].gt(0.3).to(org.nabla.tensor.DType.INT64);
        TensorDataset data = new TensorDataset(d[0], labels);
        Module a = new Linear(3, 2, true, new Generator(9)), b = new Linear(3, 2, true, new Generator(9));
        List<Map<String, Double>> la = Trainer.builder(a, new SGD(a.parameters(), 0.5)).train(DataLoader.builder(data).batchSize(16).shuffle(2).build())
                .build().fit(6);
        List<Map<String, Double>> lb = Trainer.builder(new ClassificationTask(b, new SGD(b.parameters(), 0.5)))
                .train(DataLoader.builder(data).batchSize(16).shuffle(2).build()).build().fit(6);
        assertThat(b.stateDict().get("weight").toFloatArray()).containsExactly(a.stateDict().get("weight").toFloatArray());
        assertThat(lb.getLast().get("train_loss")).isEqualTo(la.getLast().get("train_loss"));
        assertThat(lb.getLast().get("train_accuracy")).isEqualTo(la.getLast().get("train_accuracy")).isGreaterThan(0.8);
    }

    @Test
    void theBuilderSaysWhatIsMissing() {
        Module m = new Linear(3, 2, true, new Generator(0));
        ClassificationTask task = new ClassificationTask(m, new SGD(m.parameters(), 0.1));
        assertThatThrownBy(() -> Trainer.builder(task).build()).hasMessage("Trainer: give either a training DataLoader or steps per epoch");
        DataLoader loader = DataLoader.builder(new TensorDataset(Tensor.zeros(2, 3), Tensor.of(new long[2], 2))).build();
        assertThatThrownBy(() -> Trainer.builder(task).train(loader).stepsPerEpoch(3).build())
                .hasMessage("Trainer: give either a training DataLoader or steps per epoch, not both");
        assertThatThrownBy(() -> Trainer.builder(task).loss(new L1Loss())).hasMessage("Trainer: the task ClassificationTask has its own loss; set it on the task");
        assertThatThrownBy(() -> new RegressionTask(m, null, new L1Loss(Reduction.NONE)))
                .hasMessage("Trainer: the loss L1Loss must reduce to a scalar, not 'none'");
    }
}

package org.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.ArrayDataset;
import org.nabla.data.DataLoader;
import org.nabla.data.Dataset;
import org.nabla.data.Datasets;
import org.nabla.data.Digits;
import org.nabla.data.Splits;
import org.nabla.data.augment.GaussianNoise;
import org.nabla.data.augment.Translate;
import org.nabla.data.augment.Compose;
import org.nabla.io.Checkpoint;
import org.nabla.io.Json;
import org.nabla.nn.Dropout;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.Reduction;
import org.nabla.optim.Adam;
import org.nabla.optim.Optimizer;
import org.nabla.optim.SGD;
import org.nabla.optim.schedule.ReduceLROnPlateau;
import org.nabla.optim.schedule.StepLR;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class TrainerTest {
    /** Digits (in [0, 1]) as [1, 8, 8] images, split 80/20 stratified. */
    private static final Dataset DIGITS, TRAIN, VAL;

    static {
        Digits d = Digits.load();
        DIGITS = ArrayDataset.ofFloats("digits", d.features().toFloatArray(), d.labels().toLongArray(), 1, 8, 8);
        int[][] split = Splits.stratified(d.labels().toLongArray(), new double[] {0.8, 0.2}, new Generator(0));
        TRAIN = Datasets.subset(DIGITS, split[0]);
        VAL = Datasets.subset(DIGITS, split[1]);
    }

    private static Module mlp(long seed, boolean dropout) {
        Generator g = new Generator(seed);
        return dropout ? new Sequential(new Flatten(), new Linear(64, 32, true, g), new ReLU(), new Dropout(0.1), new Linear(32, 10, true, g))
                : new Sequential(new Flatten(), new Linear(64, 32, true, g), new ReLU(), new Linear(32, 10, true, g));
    }

    private static DataLoader trainLoader(long seed) { return DataLoader.builder(TRAIN).batchSize(32).shuffle(seed).build(); }

    private static DataLoader valLoader() { return DataLoader.builder(VAL).batchSize(128).build(); }

    private static Trainer.Builder sgd(Module m, double lr) {
        return Trainer.builder(m, new SGD(m.parameters(), SGD.Options.defaults().withLr(lr).withMomentum(0.9))).train(trainLoader(1)).validation(valLoader());
    }

    private static float[] weights(Module m) {
        int n = 0;
        for (Tensor t : m.stateDict().values()) n += t.numel();
        float[] out = new float[n];
        int at = 0;
        for (Tensor t : m.stateDict().values()) {
            float[] v = t.toFloatArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    @Test
    void mlpReachesNinetyPercentOnDigits() {
        Module m = mlp(0, false);
        Trainer t = sgd(m, 0.05).build();
        List<Map<String, Double>> logs = t.fit(5);
        assertThat(logs).hasSize(5);
        assertThat(logs.get(4).get("val_accuracy")).isGreaterThan(0.9);
        assertThat(logs.get(4).get("train_loss")).isLessThan(logs.get(0).get("train_loss"));
        assertThat(logs.get(0)).containsKeys("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "samples_per_s", "seconds");
        Evaluation e = t.evaluate(valLoader());
        assertThat(e.samples()).isEqualTo(VAL.size());
        assertThat(e.accuracy()).isEqualTo(logs.get(4).get("val_accuracy"));
        assertThat(e.loss()).isEqualTo(logs.get(4).get("val_loss"));
        long[] pred = t.predictClasses(valLoader());
        assertThat(pred).hasSize(VAL.size());
        long right = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == VAL.label(i)) right++;
        assertThat((double) right / pred.length).isEqualTo(e.accuracy());
        Tensor out = t.predict(VAL.get(0).x().reshape(1, 1, 8, 8));
        assertThat(out.shape()).containsExactly(1, 10);
        assertThat(out.requiresGrad()).isFalse();
        assertThat(m.isTraining()).isTrue();
    }

    @Test
    void sameSeedGivesSameWeights() {
        float[] a = runSeeded(), b = runSeeded();
        assertThat(a).containsExactly(b);
    }

    private static float[] runSeeded() {
        Generator.manualSeed(11);
        Module m = mlp(3, true);
        Trainer.builder(m, new Adam(m.parameters())).train(trainLoader(5)).augment(new Compose(new Translate(0.1), new GaussianNoise(0.05)),
                new Generator(9)).build().fit(1);
        return weights(m);
    }

    /** Everything that shapes the run: shuffling, dropout (global generator), augmentation, Adam's state and a schedule. */
    private static Trainer resumable(Module m, Path dir) {
        Optimizer opt = new Adam(m.parameters(), Adam.Options.defaults().withLr(0.01));
        return Trainer.builder(m, opt).train(trainLoader(21)).validation(valLoader()).scheduler(new StepLR(opt, 1, 0.5), false)
                .plateau(new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().patience(0).factor(0.9)), "train_loss")
                .augment(new Translate(0.1), new Generator(4)).callback(new ModelCheckpoint(dir, "val_loss", Monitor.MIN))
                .callback(new MetricLog(dir.resolve("metrics.csv"), null)).build();
    }

    @Test
    void resumeContinuesBitIdentically(@TempDir Path dir) throws Exception {
        Generator.manualSeed(99);
        Module full = mlp(7, true);
        Trainer a = resumable(full, dir.resolve("a"));
        a.fit(3);
        float[] expected = weights(full);
        double lrA = a.optimizer().paramGroups().get(0).lr();

        Generator.manualSeed(99);
        Module first = mlp(7, true);
        resumable(first, dir.resolve("b")).fit(1);
        Generator.manualSeed(12345); // whatever happens between the runs
        Module fresh = mlp(123, true);
        Trainer b = resumable(fresh, dir.resolve("b"));
        b.resume(Checkpoint.load(dir.resolve("b").resolve("last")));
        assertThat(b.epoch()).isEqualTo(1);
        assertThat(b.step()).isEqualTo(trainLoader(0).numBatches());
        List<Map<String, Double>> logs = b.fit(3);
        assertThat(logs).hasSize(2);
        assertThat(logs.get(0).get("epoch")).isEqualTo(2.0);
        assertThat(weights(fresh)).containsExactly(expected);
        assertThat(b.optimizer().paramGroups().get(0).lr()).isEqualTo(lrA);
        assertThat(b.step()).isEqualTo(a.step());
        // The resumed run appends to the metric log; it matches the uninterrupted one's row for row (but for timing).
        List<String> ra = Files.readAllLines(dir.resolve("a/metrics.csv")), rb = Files.readAllLines(dir.resolve("b/metrics.csv"));
        assertThat(rb).hasSize(4);
        for (int i = 0; i < 4; i++) assertThat(withoutTiming(rb.get(i))).isEqualTo(withoutTiming(ra.get(i)));
        // The best checkpoint of the resumed run is the uninterrupted run's best.
        assertThat(Checkpoint.load(dir.resolve("b/best")).epoch()).isEqualTo(Checkpoint.load(dir.resolve("a/best")).epoch());
    }

    private static String withoutTiming(String csvRow) {
        String[] f = csvRow.split(",", -1);
        return String.join(",", java.util.Arrays.copyOf(f, 6));
    }

    @Test
    void resumeRefusesAnotherModelOrMissingState(@TempDir Path dir) {
        Module m = mlp(0, false);
        Trainer t = sgd(m, 0.05).build();
        t.fit(1);
        t.checkpoint().save(dir);
        Checkpoint c = Checkpoint.load(dir);
        Module wider = new Sequential(new Flatten(), new Linear(64, 16, true, new Generator(0)), new ReLU(), new Linear(16, 10, true, new Generator(0)));
        assertThatThrownBy(() -> sgd(wider, 0.05).build().resume(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit this model").hasMessageContaining("1.weight");
        Module same = mlp(1, false);
        SGD opt = new SGD(same.parameters(), 0.05);
        Trainer scheduled = Trainer.builder(same, opt).train(trainLoader(1)).scheduler(new StepLR(opt, 1), false).build();
        assertThatThrownBy(() -> scheduled.resume(c)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no scheduler state");
    }

    @Test
    void metadataTravelsInEveryCheckpoint(@TempDir Path dir) {
        Module m = mlp(0, false);
        Trainer t = sgd(m, 0.05).metadata(java.util.Map.of("model", "mlp", "classes", 10)).build();
        t.fit(1);
        t.checkpoint().save(dir);
        assertThat(Checkpoint.load(dir).config().get(Trainer.METADATA)).isEqualTo(java.util.Map.of("model", "mlp", "classes", 10.0));
        Trainer plain = sgd(mlp(0, false), 0.05).build();
        assertThat(plain.checkpoint().config()).doesNotContainKey(Trainer.METADATA);
    }

    @Test
    void schedulerStepsPerBatchOrPerEpoch() {
        Module m = mlp(0, false);
        SGD opt = new SGD(m.parameters(), 0.1);
        int batches = trainLoader(0).numBatches();
        Trainer perBatch = Trainer.builder(m, opt).train(trainLoader(1)).scheduler(new StepLR(opt, batches, 0.5), true).build();
        List<Map<String, Double>> logs = perBatch.fit(2);
        assertThat(logs.get(0).get("lr")).isEqualTo(0.1);
        assertThat(logs.get(1).get("lr")).isEqualTo(0.05);
        assertThat(opt.paramGroups().get(0).lr()).isEqualTo(0.025);

        Module n = mlp(0, false);
        SGD opt2 = new SGD(n.parameters(), 0.1);
        List<Map<String, Double>> logs2 = Trainer.builder(n, opt2).train(trainLoader(1)).scheduler(new StepLR(opt2, 2, 0.1), false).build().fit(3);
        assertThat(logs2.stream().map(l -> l.get("lr")).toList()).containsExactly(0.1, 0.1, 0.1 * 0.1);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresBest() {
        Module m = mlp(0, false);
        float[][] snapshot = new float[1][];
        int[] snapshotEpoch = {0};
        // Val loss is made to get worse after epoch 2 by a learning rate jump, then patience 2 stops at epoch 4.
        Callback lrJump = new Callback() {
            @Override public void onEpochEnd(TrainContext ctx) {
                if (ctx.epoch() == 2) {
                    snapshot[0] = weights(ctx.trainer().model());
                    ctx.trainer().optimizer().paramGroups().get(0).setLr(5.0);
                }
            }
        };
        EarlyStopping es = new EarlyStopping("val_loss", Monitor.MIN, 2, 0.0, true);
        Trainer t = sgd(m, 0.05).callback(lrJump).callback(es).build();
        List<Map<String, Double>> logs = t.fit(20);
        assertThat(es.bestEpoch()).isEqualTo(2);
        assertThat(logs).hasSize(4);
        assertThat(es.stoppedEpoch()).isEqualTo(4);
        assertThat(logs.get(2).get("val_loss")).isGreaterThan(logs.get(1).get("val_loss"));
        assertThat(weights(m)).containsExactly(snapshot[0]);
    }

    @Test
    void minDeltaCountsSmallGainsAsNoImprovement() {
        Module m = mlp(0, false);
        EarlyStopping es = new EarlyStopping("val_accuracy", Monitor.AUTO, 1, 1.0, false);
        List<Map<String, Double>> logs = sgd(m, 0.05).callback(es).build().fit(10);
        // No accuracy can improve by more than 1: the first epoch is the best, the second stops.
        assertThat(logs).hasSize(2);
        assertThat(es.bestEpoch()).isEqualTo(1);
    }

    @Test
    void checkpointsOfBestAndLastLoad(@TempDir Path dir) {
        Module m = mlp(0, false);
        ModelCheckpoint cp = new ModelCheckpoint(dir, "val_accuracy", Monitor.MAX);
        Trainer t = sgd(m, 0.05).callback(cp).build();
        List<Map<String, Double>> logs = t.fit(3);
        Checkpoint last = Checkpoint.load(cp.lastDir()), best = Checkpoint.load(cp.bestDir());
        assertThat(last.epoch()).isEqualTo(3);
        assertThat(best.epoch()).isEqualTo(cp.bestEpoch());
        assertThat(last.step()).isEqualTo(3L * trainLoader(0).numBatches());
        assertThat(last.optimizerName()).isEqualTo("SGD");
        Module other = mlp(5, false);
        last.restore(other, null, null);
        assertThat(weights(other)).containsExactly(weights(m));
        best.restore(other, null, null);
        Trainer check = sgd(other, 0.05).build();
        double bestAcc = logs.stream().mapToDouble(l -> l.get("val_accuracy")).max().orElseThrow();
        assertThat(check.evaluate(valLoader()).accuracy()).isEqualTo(bestAcc);
    }

    @Test
    void metricLogWritesCsvAndJsonLines(@TempDir Path dir) throws Exception {
        Module m = mlp(0, false);
        Path csv = dir.resolve("run/metrics.csv"), jsonl = dir.resolve("run/metrics.jsonl");
        sgd(m, 0.05).callback(new MetricLog(csv, jsonl)).build().fit(2);
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo("epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,samples_per_s,seconds");
        assertThat(rows.get(1)).startsWith("1,");
        assertThat(rows.get(2).split(",")).hasSize(8);
        List<String> lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(2);
        Map<String, Object> second = Json.parseObject(lines.get(1));
        assertThat(second.keySet()).containsExactlyElementsOf(MetricLog.COLUMNS);
        assertThat(second.get("epoch")).isEqualTo(2.0);
        assertThat((Double) second.get("lr")).isEqualTo(0.05);

        // Without validation the val columns are empty cells and absent keys.
        Module n = mlp(0, false);
        Trainer.builder(n, new SGD(n.parameters(), 0.05)).train(trainLoader(1)).callback(new MetricLog(csv, jsonl)).build().fit(1);
        assertThat(Files.readAllLines(csv).get(1)).matches("1,[^,]+,[^,]+,,,[^,]+,[^,]+,[^,]+");
        assertThat(Json.parseObject(Files.readAllLines(jsonl).get(0))).doesNotContainKeys("val_loss", "val_accuracy");
    }

    @Test
    void progressIsPlainLinesWhenNotATerminalAndABarOnOne() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream(), live = new ByteArrayOutputStream();
        sgd(mlp(0, false), 0.05).callback(new Progress(new PrintStream(plain, true, StandardCharsets.UTF_8), false)).build().fit(2);
        String p = plain.toString(StandardCharsets.UTF_8);
        assertThat(p).doesNotContain("\r");
        assertThat(p.lines()).hasSize(2);
        assertThat(p.lines().toList().get(1)).startsWith("Epoch 2: loss ").contains("val_acc", "samples/s");

        sgd(mlp(0, false), 0.05).callback(new Progress(new PrintStream(live, true, StandardCharsets.UTF_8), true)).build().fit(1);
        String l = live.toString(StandardCharsets.UTF_8);
        int batches = trainLoader(0).numBatches();
        assertThat(l).contains("\rEpoch 1 [", batches + "/" + batches, "samples/s ETA ").endsWith("\n");
    }

    @Test
    void hugeLearningRateStopsWithStepAndLayer() {
        Module m = mlp(0, false);
        Trainer t = sgd(m, 1e30).build();
        assertThatThrownBy(() -> t.fit(3)).isInstanceOf(NonFiniteException.class)
                .hasMessageMatching("Training diverged at epoch 1, batch \\d+ \\(step \\d+\\): .*")
                .satisfies(e -> {
                    NonFiniteException n = (NonFiniteException) e;
                    assertThat(n.epoch()).isEqualTo(1);
                    // Either a gradient (its parameter and layer) or the loss (the first layer whose output went bad) is named.
                    assertThat(n.layer()).as(n.getMessage()).isIn("1", "2", "3");
                    assertThat(n.getMessage()).contains("layer '" + n.layer() + "'");
                    if (n.parameter() != null) assertThat(n.parameter()).startsWith(n.layer() + ".");
                });
    }

    @Test
    void poisonedInputNamesTheFirstLayerGradient() {
        float[] x = new float[4 * 64];
        x[5] = Float.POSITIVE_INFINITY;
        Dataset bad = ArrayDataset.ofFloats("poison", x, new long[] {0, 1, 2, 3}, 1, 8, 8);
        Module m = mlp(0, false);
        // A zero weight times an infinite input makes NaN outputs: the loss goes first.
        Trainer t = Trainer.builder(m, new SGD(m.parameters(), 0.1)).train(DataLoader.builder(bad).batchSize(2).build()).build();
        assertThatThrownBy(() -> t.fit(1)).isInstanceOf(NonFiniteException.class)
                .hasMessageContaining("epoch 1, batch 1 (step 1)").hasMessageContaining("the loss is NaN")
                .hasMessageContaining("the input batch contains Infinity (read first by layer '0' (Flatten))");

        // A gradient that turns bad while the loss stays finite names the parameter.
        Module n = new Sequential(new Flatten(), new Linear(64, 10, true, new Generator(1)));
        float[] y = new float[2 * 64];
        y[3] = 3e38f;
        y[64 + 3] = 3e38f;
        Dataset big = ArrayDataset.ofFloats("big", y, new long[] {0, 0}, 1, 8, 8);
        Trainer u = Trainer.builder(n, new SGD(n.parameters(), 0.0)).train(DataLoader.builder(big).batchSize(2).build())
                .loss(new CrossEntropyLoss(Reduction.SUM)).build();
        // With zero weights the logits are the bias and the loss is finite, but the weight's gradient sums two
        // -0.9 * 3e38 terms and overflows float32.
        try (var s = org.nabla.autograd.GradMode.noGrad()) {
            n.namedParameters().get("1.weight").fill(0);
        }
        assertThatThrownBy(() -> u.fit(1)).isInstanceOf(NonFiniteException.class)
                .hasMessageContaining("epoch 1, batch 1").hasMessageContaining("the gradient of '1.weight' (layer '1')")
                .satisfies(e -> assertThat(((NonFiniteException) e).parameter()).isEqualTo("1.weight"))
                .satisfies(e -> assertThat(((NonFiniteException) e).layer()).isEqualTo("1"));
    }
    @Test
    void aDivergedLossNamesTheFirstLayerWithANonFiniteOutput() {
        Generator g = new Generator(3);
        Module m = new Sequential(new Linear(2, 3, true, g), new ReLU(), new Dropout(0.3), new Linear(3, 3, true, g), new ReLU(), new Linear(3, 2, true, g));
        try (var s = org.nabla.autograd.GradMode.noGrad()) {
            m.namedParameters().get("0.weight").fill(1);
            m.namedParameters().get("3.weight").fill(3e38); // finite weights whose products overflow float32
        }
        Dataset data = ArrayDataset.ofFloats("pairs", new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new long[] {0, 1, 0, 1}, 2);
        Trainer t = Trainer.builder(m, new SGD(m.parameters(), 0.1)).train(DataLoader.builder(data).batchSize(4).build()).build();
        Generator.manualSeed(5); // the replay draws the same dropout mask from the global generator's state at the step's start
        assertThatThrownBy(() -> t.fit(1)).isInstanceOf(NonFiniteException.class)
                .hasMessageStartingWith("Training diverged at epoch 1, batch 1 (step 1): the loss is NaN; layer '3' (Linear) is the first to output Infinity")
                .satisfies(e -> assertThat(((NonFiniteException) e).layer()).isEqualTo("3"))
                .satisfies(e -> assertThat(((NonFiniteException) e).parameter()).isNull());
        assertThat(t.step()).as("the refused step is not counted").isZero();
        assertThat(m.namedParameters().get("3.weight").toFloatArray()).as("no update after the bad loss").containsOnly(3e38f);
    }

    @Test
    void unfreezeThawsFrozenParametersAfterTheirEpochs() {
        Module m = mlp(3, false);
        org.nabla.nn.Parameter body = m.namedParameters().get("1.weight");
        body.requiresGrad(false);
        float[] loaded = body.toFloatArray();
        List<float[]> afterEpoch = new java.util.ArrayList<>();
        Trainer t = sgd(m, 0.05).callback(new Unfreeze(List.of(body), 2)).callback(new Callback() {
            @Override
            public void onEpochEnd(TrainContext ctx) { afterEpoch.add(body.toFloatArray()); }
        }).build();
        t.fit(3);
        assertThat(afterEpoch.get(0)).as("frozen in epoch 1").isEqualTo(loaded);
        assertThat(afterEpoch.get(1)).as("frozen in epoch 2").isEqualTo(loaded);
        assertThat(afterEpoch.get(2)).as("trained in epoch 3").isNotEqualTo(loaded);
        assertThat(body.requiresGrad()).isTrue();
    }
}

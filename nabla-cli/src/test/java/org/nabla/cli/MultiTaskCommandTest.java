package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nabla.cli.BadInputTest.assertUsageError;
import static org.nabla.cli.BadInputTest.idx;
import static org.nabla.cli.BadInputTest.withData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Json;

/** {@code nabla train --aux-task coarse}: a multi-task run on a small generated Fashion-MNIST, and the option errors. */
class MultiTaskCommandTest {
    @TempDir static Path tmp;
    private static Path data;

    /**
     * Fashion-MNIST's four IDX files with 300 training and 100 test images of {@link #writeBandedIdx}'s bands, which
     * LeNet-5 learns in a few epochs.
     */
    @BeforeAll
    static void smallFashionMnist() throws IOException {
        data = tmp.resolve("data");
        writeBandedIdx(Files.createDirectories(data.resolve("fashion-mnist")), 300, 100, new Random(7), 60);
    }

    /**
     * MNIST-format IDX files (train and t10k) of n and testN 28x28 images: class c (i % 10) is a bright band on rows
     * 2c+4..2c+6 over noise below {@code noise}, so a small convnet learns it in a few epochs. Shared with
     * {@code GenerativeCommandTest}.
     */
    static void writeBandedIdx(Path dir, int n, int testN, Random random, int noise) throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            int count = split.equals("train") ? n : testN;
            byte[] images = new byte[count * 784], labels = new byte[count];
            for (int i = 0; i < count; i++) {
                int c = i % 10;
                labels[i] = (byte) c;
                for (int p = 0; p < 784; p++) {
                    int row = p / 28;
                    images[i * 784 + p] = (byte) (row >= 2 * c + 4 && row < 2 * c + 7 ? 180 + random.nextInt(60) : random.nextInt(noise));
                }
            }
            Files.write(dir.resolve(split + "-images-idx3-ubyte"), idx(2051, new int[] {count, 28, 28}, images));
            Files.write(dir.resolve(split + "-labels-idx1-ubyte"), idx(2049, new int[] {count}, labels));
        }
    }

    @Test
    void auxiliaryCoarseHeadTrainsBesideTheClassesAndBothHeadsAreLogged() throws IOException {
        Path run = tmp.resolve("uncertainty");
        Cli.Run r = withData(data, "train", "lenet5", "--dataset", "fashion-mnist", "--aux-task", "coarse", "--task-weights", "uncertainty",
                "--epochs", "4", "--threads", "1", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("training lenet5 (61,961 parameters") // LeNet-5's 61,706 and the coarse head's 84 x 3 + 3
                .contains("multi-task: heads class (10 classes) and coarse (tops / footwear / other), loss weights learned (uncertainty")
                .containsPattern("test accuracy per head: class \\d+\\.\\d\\d% \\(loss \\d\\.\\d{4}, learned weight \\d\\.\\d{3}\\), coarse \\d+\\.\\d\\d%");

        String header = Files.readAllLines(run.resolve("metrics.csv")).getFirst();
        assertThat(header.split(",")).contains("train_accuracy", "train_class_loss", "train_class_accuracy", "train_class_weight", "train_coarse_loss",
                "train_coarse_accuracy", "train_coarse_weight");
        Map<String, Object> summary = Json.parseObject(Files.readString(run.resolve("summary.json")));
        Map<?, ?> heads = (Map<?, ?>) summary.get("test_heads"), test = (Map<?, ?>) summary.get("test");
        assertThat(heads.get("class_accuracy")).isEqualTo(test.get("accuracy"));
        assertThat(((Number) heads.get("class_accuracy")).doubleValue()).isGreaterThan(0.5);
        assertThat(((Number) heads.get("coarse_accuracy")).doubleValue()).isGreaterThan(0.5);
        assertThat(((Number) heads.get("coarse_weight")).doubleValue()).isNotEqualTo(1.0); // the learned weight moved
        assertThat(map(summary.get("config"))).containsEntry("aux_task", "coarse").containsEntry("task_weights", "uncertainty");

        Cli.Run eval = withData(data, "eval", run.toString()); // the main head, rebuilt from the checkpoint
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("test: accuracy " + String.format(java.util.Locale.ROOT, "%.2f%%", 100 * ((Number) test.get("accuracy")).doubleValue()));
    }

    @Test
    void fixedWeightsStartFromTheSameTrunkAndMainHeadAsTheSingleTaskRun() throws IOException {
        Path fixed = tmp.resolve("fixed"), single = tmp.resolve("single");
        Cli.Run f = withData(data, "train", "lenet5", "--dataset", "fashion-mnist", "--aux-task", "coarse", "--task-weights", "1,0.5", "--epochs", "1",
                "--threads", "1", "--out", fixed.toString());
        assertThat(f.exitCode()).as(f.err()).isZero();
        assertThat(f.out()).contains("loss weights 1.0,0.5");
        Cli.Run s = withData(data, "train", "lenet5", "--dataset", "fashion-mnist", "--epochs", "1", "--threads", "1", "--out", single.toString());
        assertThat(s.exitCode()).as(s.err()).isZero();
        // the same seeded trunk and main head see the same first batch: the same main-task accuracy at step 1
        assertThat(Files.readAllLines(fixed.resolve("steps.csv")).get(1).split(",")[3]).isEqualTo(Files.readAllLines(single.resolve("steps.csv")).get(1).split(",")[3]);
        Map<String, Object> config = Json.parseObject(Files.readString(fixed.resolve("config.json")));
        assertThat(map(config.get("aux_task"))).containsEntry("name", "coarse").containsEntry("task_weights", "1.0,0.5");
        assertThat(Files.readAllLines(fixed.resolve("metrics.csv")).getFirst()).doesNotContain("weight");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) { return (Map<String, Object>) json; }

    @Test
    void optionMistakesAreOneLineUsageErrors() {
        assertUsageError(Cli.run("train", "lenet5", "--aux-task", "coarse"),
                "--aux-task coarse groups the classes of fashion-mnist: give --dataset fashion-mnist, not digits");
        assertUsageError(Cli.run("train", "lenet5", "--dataset", "fashion-mnist", "--aux-task", "fine"), "--aux-task: unknown 'fine'; available: coarse");
        assertUsageError(Cli.run("train", "lenet5", "--dataset", "fashion-mnist", "--task-weights", "1,0.5"),
                "--task-weights weighs the losses of a multi-task run: give --aux-task too");
        assertUsageError(Cli.run("train", "lenet5", "--dataset", "fashion-mnist", "--aux-task", "coarse", "--task-weights", "1"),
                "--task-weights takes two weights");
        assertUsageError(Cli.run("train", "lenet5", "--dataset", "fashion-mnist", "--aux-task", "coarse", "--task-weights", "1,x"),
                "--task-weights: 'x' is not a number");
        assertUsageError(Cli.run("train", "lenet5", "--dataset", "fashion-mnist", "--aux-task", "coarse", "--task-weights", "-1,1"),
                "--task-weights must be finite and >= 0, got '-1,1'");
        assertUsageError(Cli.run("train", "lenet5", "--dataset", "fashion-mnist", "--aux-task", "coarse", "--task-weights", "0,0"),
                "--task-weights: at least one weight must be > 0");
        assertUsageError(Cli.run("train", "lenet5", "--dataset", "fashion-mnist", "--aux-task", "coarse", "--loss", "mse"),
                "--loss mse does not apply with --aux-task");
        assertUsageError(Cli.run("train", "charrnn", "--aux-task", "coarse"), "--aux-task does not apply to a language model (charrnn)");
    }

    @Test
    void helpDescribesTheOptions() {
        Cli.Run r = Cli.run("train", "--help");
        assertThat(r.out().replaceAll("\\s+", " ")).contains("--aux-task=NAME", "coarse (fashion-mnist: tops, footwear, other)", "--task-weights=W,W|uncertainty",
                "Kendall et al. 2018");
    }
}

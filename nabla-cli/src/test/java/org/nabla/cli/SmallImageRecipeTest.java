package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.Cifar10;
import org.nabla.data.DataPaths;
import org.nabla.io.Json;
import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.optim.Optimizer;
import org.nabla.optim.ParamGroup;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The small image models' recipe ({@link TrainOptions#IMAGE_RECIPES}) through {@code nabla train}, on CIFAR-10 files
 * generated in its binary format (the real set is not here): what the recipe fills in, the optimizer it builds, and
 * one-line errors for missing, truncated and mislabelled batch files.
 */
class SmallImageRecipeTest {
    /** Records per generated training file: 5 x 128 = 640 training samples, 5 steps of the recipe's batch. */
    private static final int PER_FILE = 128, TEST_RECORDS = 64;

    @TempDir static Path tmp;
    private static Path data;

    /**
     * Writes {@code $NABLA_DATA/cifar10} as the archive unpacks: data_batch_1..5.bin, test_batch.bin (records of a
     * label byte and 32x32 red, green and blue planes; class c bright in channel c % 3) and batches.meta.txt.
     */
    static void writeCifar10(Path cifar, int perFile, int testRecords) throws IOException {
        Files.createDirectories(cifar);
        java.util.Random rnd = new java.util.Random(7);
        for (String file : Cifar10.TRAIN_FILES) Files.write(cifar.resolve(file), records(perFile, rnd));
        Files.write(cifar.resolve(Cifar10.TEST_FILE), records(testRecords, rnd));
        Files.writeString(cifar.resolve("batches.meta.txt"), String.join("\n", Cifar10.CLASSES) + "\n\n", StandardCharsets.US_ASCII);
    }

    private static byte[] records(int n, java.util.Random rnd) {
        byte[] b = new byte[n * Cifar10.RECORD];
        for (int r = 0; r < n; r++) {
            int label = r % 10;
            b[r * Cifar10.RECORD] = (byte) label;
            for (int p = 0; p < 3 * 1024; p++) b[r * Cifar10.RECORD + 1 + p] = (byte) ((p / 1024 == label % 3 ? 160 : 40) + rnd.nextInt(60));
        }
        return b;
    }

    @BeforeAll
    static void generate() throws IOException {
        data = tmp.resolve("data");
        writeCifar10(data.resolve(Cifar10.NAME), PER_FILE, TEST_RECORDS);
    }

    @Test
    void resnet20TrainsOnCifarFormatFilesWithTheRecipe() throws IOException {
        Path out = tmp.resolve("resnet20-cifar10");
        Cli.Run r = BadInputTest.withData(data, "train", "resnet20", "--dataset", "cifar10", "--epochs", "1", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("training resnet20 (").contains("on cifar10: 640 train / 64 test samples of 3x32x32, 10 classes")
                .contains("nesterov lr 0.1, onecycle schedule, batch 128, 1 epoch, standardized inputs, seed 42")
                .contains("weight decay 0.0005 (not on biases and norms)").contains("augmentation: flip,crop:4")
                .containsPattern("(?m)^Epoch 1: loss \\d+\\.\\d{4} acc ").contains("airplane");
        assertThat(TrainCommandTest.testAccuracy(r)).isBetween(0.0, 100.0);
        assertThat(out.resolve("accuracy.png")).isRegularFile();
        // eval runs the model with its batch norms folded into the convolutions: the same test accuracy
        Cli.Run e = BadInputTest.withData(data, "eval", out.toString());
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.out()).contains(String.format(java.util.Locale.ROOT, "test: accuracy %.2f%% (", TrainCommandTest.testAccuracy(r)));

        Map<String, Object> config = Json.parseObject(Files.readString(out.resolve(RunFolder.CONFIG)));
        RunConfig c = RunConfig.fromJson(asMap(config.get("config")), "config.json");
        assertThat(c.optimizer()).isEqualTo("nesterov");
        assertThat(c.momentum()).isEqualTo(0.9);
        assertThat(c.weightDecay()).isEqualTo(5e-4);
        assertThat(c.augment()).isEqualTo("flip,crop:4");
        assertThat(c.decayBiasesAndNorms()).isFalse();

        // the optimizer the run rebuilds from its configuration: Nesterov SGD, decay on the 2-d and 4-d weights only
        Module model = Models.create("resnet20", new int[] {3, 32, 32}, 10, new Generator(1));
        Optimizer opt = Training.optimizer(c, model);
        List<ParamGroup> groups = opt.paramGroups();
        assertThat(groups).hasSize(2);
        SGD.Options weights = (SGD.Options) groups.get(0).options(), spared = (SGD.Options) groups.get(1).options();
        assertThat(weights.nesterov()).isTrue();
        assertThat(weights.weightDecay()).isEqualTo(5e-4);
        assertThat(spared.weightDecay()).isZero();
        assertThat(spared.nesterov()).isTrue();
        assertThat(groups.get(0).params()).allMatch(p -> p.dim() >= 2);
        assertThat(groups.get(1).params()).allMatch(p -> p.dim() == 1).isNotEmpty();
        assertThat(groups.get(0).params().size() + groups.get(1).params().size()).isEqualTo(model.parameters().size());
        long decayed = groups.get(0).params().stream().mapToLong(Tensor::numel).sum();
        assertThat(decayed).isEqualTo(model.parameters().stream().filter(p -> p.dim() >= 2).mapToLong(Tensor::numel).sum());
    }

    @Test
    void optionsGivenOverrideTheRecipeAndDigitsAreNotFlipped() {
        Cli.Run r = Cli.run("train", "cifar_cnn", "--dataset", "digits", "--epochs", "1", "--optimizer", "sgd", "--weight-decay", "1e-4",
                "--train-limit", "640", "--test-limit", "50", "--out", tmp.resolve("cnn-digits").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("sgd lr 0.1, onecycle schedule, batch 128, 1 epoch").contains("weight decay 0.0001 (not on biases and norms)")
                .doesNotContain("augmentation:");
    }

    @Test
    void modelsWithoutARecipeKeepTheGenericDefaults() {
        Cli.Run r = Cli.run("train", "mlp", "--epochs", "1", "--weight-decay", "1e-4", "--out", tmp.resolve("mlp").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("sgd lr 0.1, onecycle schedule, batch 32, 1 epoch").contains("weight decay 0.0001\n")
                .doesNotContain("augmentation:");
    }

    @Test
    void nesterovWithoutMomentumIsAUsageError() {
        BadInputTest.assertUsageError(Cli.run("train", "resnet20", "--momentum", "0"), "--momentum must be above 0 for nesterov");
    }

    @Test
    void aMissingBatchFileIsOneLineNamingTheFiles() throws IOException {
        Path partial = tmp.resolve("partial");
        writeCifar10(partial.resolve(Cifar10.NAME), 2, 2);
        Files.delete(partial.resolve(Cifar10.NAME).resolve("data_batch_3.bin"));
        String old = System.getProperty(DataPaths.OFFLINE_PROPERTY);
        System.setProperty(DataPaths.OFFLINE_PROPERTY, "true"); // no network: fail at once
        Cli.Run r;
        try {
            r = BadInputTest.withData(partial, "train", "resnet20", "--dataset", "cifar10", "--epochs", "1");
        } finally {
            if (old == null) System.clearProperty(DataPaths.OFFLINE_PROPERTY);
            else System.setProperty(DataPaths.OFFLINE_PROPERTY, old);
        }
        BadInputTest.assertOneLineError(r, "nabla train: cifar10 not found in " + partial.resolve(Cifar10.NAME), "data_batch_3.bin", "test_batch.bin");
    }

    @Test
    void aTruncatedBatchFileIsOneLineNamingIt() throws IOException {
        Path truncated = tmp.resolve("truncated"), cifar = truncated.resolve(Cifar10.NAME);
        writeCifar10(cifar, 2, 2);
        byte[] b = Files.readAllBytes(cifar.resolve("data_batch_2.bin"));
        Files.write(cifar.resolve("data_batch_2.bin"), Arrays.copyOf(b, b.length - 100));
        Cli.Run r = BadInputTest.withData(truncated, "train", "resnet20", "--dataset", "cifar10", "--epochs", "1");
        BadInputTest.assertOneLineError(r, "nabla train: " + cifar.resolve("data_batch_2.bin") + ": size " + (b.length - 100)
                + " bytes is not a positive multiple of the 3073-byte record (1 label + 3072 pixels)");
    }

    @Test
    void aLabelOutsideTheTenClassesIsOneLineNamingTheRecord() throws IOException {
        Path bad = tmp.resolve("bad-label"), cifar = bad.resolve(Cifar10.NAME);
        writeCifar10(cifar, 2, 3);
        byte[] b = Files.readAllBytes(cifar.resolve(Cifar10.TEST_FILE));
        b[2 * Cifar10.RECORD] = 10;
        Files.write(cifar.resolve(Cifar10.TEST_FILE), b);
        Cli.Run r = BadInputTest.withData(bad, "train", "resnet20", "--dataset", "cifar10", "--epochs", "1");
        BadInputTest.assertOneLineError(r, "nabla train: " + cifar.resolve(Cifar10.TEST_FILE) + ": record 2 has label 10, outside 0..9");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) { return (Map<String, Object>) o; }
}

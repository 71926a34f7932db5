package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Checkpoint;
import org.nabla.io.Json;

class TrainCommandTest {
    private static final Pattern FINAL = Pattern.compile("(?m)^test accuracy (\\d+\\.\\d\\d)% after (\\d+) epochs?: ");
    @TempDir Path tmp;

    static double testAccuracy(Cli.Run r) {
        Matcher m = FINAL.matcher(r.out());
        assertThat(m.find()).as("final accuracy line in:%n%s%s", r.out(), r.err()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainsAndWritesTheRunFolder() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Run r = Cli.run("train", "--epochs", "3", "--val-split", "0.1", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("training mlp \\(50,826 parameters, 50,432 multiply-adds per sample\\) on digits: 1[23]\\d\\d train / 1[3-5]\\d validation / 355 test samples of 1x8x8, 10 classes")
                .contains("sgd lr 0.1, onecycle schedule, batch 32, 3 epochs, standardized inputs, seed 42")
                .containsPattern("(?m)^Epoch 3: loss \\d\\.\\d{4} acc \\d\\.\\d{4} val_loss \\d\\.\\d{4} val_acc \\d\\.\\d{4} lr ")
                .containsPattern("(?m)^test: accuracy \\d+\\.\\d\\d% \\(\\d+/355\\)  loss \\d\\.\\d{4}  top-5 ")
                .contains("confusion matrix (rows: true class, columns: predicted):")
                .contains("run folder: " + out);
        assertThat(testAccuracy(r)).isGreaterThan(85.0);

        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(4).first().asString().startsWith("epoch,train_loss,train_accuracy,val_loss");
        Map<String, Object> summary = Json.parseObject(Files.readString(out.resolve("summary.json")));
        Map<?, ?> test = (Map<?, ?>) summary.get("test");
        assertThat((Double) test.get("accuracy") * 100).isCloseTo(testAccuracy(r), org.assertj.core.data.Offset.offset(0.006));
        assertThat(test.get("samples")).isEqualTo(355.0);
        assertThat((List<?>) test.get("confusion_matrix")).hasSize(10);
        assertThat(((Map<?, ?>) test.get("per_class")).keySet()).hasSize(10);
        assertThat((Double) summary.get("train_samples_per_s")).isPositive();
        assertThat((Double) summary.get("wall_seconds")).isPositive();
        assertThat((Double) summary.get("peak_heap_mb")).isPositive();
        assertThat(((Map<?, ?>) summary.get("config")).get("optimizer")).isEqualTo("sgd");
        assertThat(((Map<?, ?>) summary.get("config")).get("seed")).isEqualTo("42");
        for (String png : List.of("loss.png", "accuracy.png", "confusion.png")) {
            BufferedImage img = ImageIO.read(out.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).as(png).isGreaterThanOrEqualTo(800);
        }
        // sample predictions for the dashboard: made by the final model on the same test split as the metrics
        Map<String, Object> predictions = Json.parseObject(Files.readString(out.resolve("predictions.json")));
        List<?> matrix = (List<?>) test.get("confusion_matrix");
        long right = 0;
        for (int c = 0; c < 10; c++) right += ((Number) ((List<?>) matrix.get(c)).get(c)).longValue();
        assertThat(((Number) predictions.get("scanned")).intValue()).isEqualTo(355);
        assertThat(((Number) predictions.get("scanned_mistakes")).longValue()).isEqualTo(355 - right);
        List<?> samples = (List<?>) predictions.get("samples");
        assertThat(samples.stream().filter(m -> "first".equals(((Map<?, ?>) m).get("group")))).hasSize(32);
        assertThat(samples.stream().filter(m -> "mistake".equals(((Map<?, ?>) m).get("group"))))
                .hasSizeBetween(Math.min(32, Math.max(0, (int) (355 - right) - 32)), 32).allMatch(m -> Boolean.FALSE.equals(((Map<?, ?>) m).get("correct")));
        assertThat(predictions.get("image_shape")).isEqualTo(List.of(1.0, 8.0, 8.0));
        assertThat(ImageIO.read(out.resolve("predictions.png").toFile())).isNotNull();
        assertThat(out.resolve("checkpoint/last/checkpoint.json")).exists();
        assertThat(out.resolve("checkpoint/best/checkpoint.json")).exists();
        assertThat(out.resolve("config.json")).exists();

        // eval finds the same test split and the final weights again
        Cli.Run eval = Cli.run("eval", out.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        String testLine = r.out().lines().filter(l -> l.startsWith("test: accuracy")).findFirst().orElseThrow();
        assertThat(eval.out()).contains(testLine);

        // a second run never overwrites the first
        Cli.Run again = Cli.run("train", "--epochs", "1", "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("nabla train: --out " + out + " is not empty (a run never overwrites files); choose another folder"
                + " (see 'nabla train --help')\n");
    }

    @Test
    void defaultsReachNinetyFivePercentOnDigits() {
        Cli.Run r = Cli.run("train", "--out", tmp.resolve("d").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("Epoch "))).hasSize(20);
        assertThat(testAccuracy(r)).isGreaterThanOrEqualTo(95.0);
    }

    @Test
    void isDeterministicForASeed() {
        String[] args = {"train", "mlp", "--dataset", "digits", "--epochs", "2", "--seed", "7", "--batch-size", "50", "--augment", "translate:1",
            "--optimizer", "adam", "--schedule", "cosine"};
        Cli.Run first = Cli.run(with(args, "--out", tmp.resolve("a").toString())), second = Cli.run(with(args, "--out", tmp.resolve("b").toString()));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("seed 7").contains("adam lr 0.001, cosine schedule, batch 50");
        // the same but for the run folder the doctor names
        assertThat(second.withoutTimings().replace(tmp.resolve("b").toString(), "RUN"))
                .isEqualTo(first.withoutTimings().replace(tmp.resolve("a").toString(), "RUN"));
        String[] other = args.clone();
        other[7] = "8";
        assertThat(Cli.run(with(other, "--out", tmp.resolve("c").toString())).withoutTimings())
                .isNotEqualTo(first.withoutTimings().replace("seed 7", "seed 8"));
    }

    @Test
    void everyOptimizerAndScheduleRuns() {
        String[][] variants = {{"--optimizer", "rmsprop", "--schedule", "step"}, {"--optimizer", "adagrad", "--schedule", "exponential"},
            {"--optimizer", "adadelta", "--schedule", "none"}, {"--optimizer", "adamw", "--weight-decay", "0.01", "--schedule", "plateau", "--val-split", "0.2"},
            {"--optimizer", "sgd", "--momentum", "0", "--early-stopping", "1", "--val-split", "0.2"}};
        int i = 0;
        for (String[] v : variants) {
            Cli.Run r = Cli.run(with(with(new String[] {"train", "--epochs", "2", "--threads", "1", "--normalize", "scale"}, v), "--out",
                    tmp.resolve("v" + i++).toString()));
            assertThat(r.exitCode()).as(String.join(" ", v) + "\n" + r.err()).isZero();
            assertThat(testAccuracy(r)).as(String.join(" ", v)).isGreaterThan(30.0);
        }
    }

    @Test
    void cnnTrainsOnImages() {
        Cli.Run r = Cli.run("train", "cnn", "--epochs", "1", "--augment", "flip", "--out", tmp.resolve("cnn").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("training cnn (").contains("adam lr 0.005, onecycle schedule");
        assertThat(testAccuracy(r)).isGreaterThan(20.0);
    }

    /** CIFAR-10 is not in shared/data: the cnn trains on generated files in its binary format (label byte + 3x32x32 pixels). */
    @Test
    void cnnTrainsOnCifarFormatFilesAndPredictsColourImages() throws IOException {
        Path data = tmp.resolve("data"), cifar = Files.createDirectories(data.resolve("cifar10"));
        java.util.Random rnd = new java.util.Random(1);
        for (String file : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin")) {
            byte[] records = new byte[12 * 3073];
            for (int r = 0; r < 12; r++) {
                int label = r % 10;
                records[r * 3073] = (byte) label;
                for (int p = 0; p < 3072; p++) // class c is bright in channel c % 3
                    records[r * 3073 + 1 + p] = (byte) ((p / 1024 == label % 3 ? 160 : 40) + rnd.nextInt(60));
            }
            Files.write(cifar.resolve(file), records);
        }
        Path out = tmp.resolve("cifar-run");
        Cli.Run r = BadInputTest.withData(data, "train", "cnn", "--dataset", "cifar10", "--epochs", "2", "--batch-size", "16", "--augment", "flip,crop:2",
                "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("on cifar10: 60 train / 12 test samples of 3x32x32, 10 classes").contains("airplane");
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) img.setRGB(x, y, 0xC03030);
        Path png = tmp.resolve("red.png");
        ImageIO.write(img, "png", png.toFile());
        Cli.Run p = Cli.run("predict", "--run", out.toString(), png.toString());
        assertThat(p.exitCode()).as(p.err()).isZero();
        assertThat(p.out()).startsWith(png + ": ").containsPattern("\\(\\d+\\.\\d%\\)  top-3: ");
        Cli.Run eval = BadInputTest.withData(data, "eval", out.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("evaluating cnn from " + out.resolve("checkpoint/last") + " on cifar10 (12 test samples)");
    }

    @Test
    void searchRanksSeededTrials() throws IOException {
        Path out = tmp.resolve("search");
        String[] args = {"search", "mlp", "--trials", "3", "--epochs", "2", "--seed", "3"};
        Cli.Run r = Cli.run(with(args, "--out", out.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("^random search: 3 trials of mlp on digits \\(1[23]\\d\\d train / 1[3-5]\\d validation samples\\), seed 3\n")
                .containsPattern("(?m)^rank  trial +lr  batch  weight_decay   val_acc  val_loss  seconds$")
                .containsPattern("(?m)^best: trial \\d \\(lr ").contains("nabla train mlp --dataset digits --epochs 2 --optimizer sgd --lr ");
        assertThat(r.out().lines().filter(l -> l.matches("^trial \\d/3: lr .*"))).hasSize(3);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv).hasSize(4);
        assertThat(csv.getFirst()).isEqualTo("rank,trial,lr,batch_size,weight_decay,val_accuracy,val_loss,seconds");
        double best = Double.parseDouble(csv.get(1).split(",")[5]), worst = Double.parseDouble(csv.get(3).split(",")[5]);
        assertThat(best).isGreaterThanOrEqualTo(worst);
        Cli.Run again = Cli.run(with(args, "--out", tmp.resolve("search2").toString()));
        assertThat(trials(again)).isEqualTo(trials(r)).hasSize(3);
    }

    /** The trial lines without their times. */
    private static List<String> trials(Cli.Run r) {
        return r.out().lines().filter(l -> l.startsWith("trial ")).map(l -> l.replaceAll(" \\([\\d.]+ s\\)$", "")).toList();
    }

    static String[] with(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
    @Test
    void aBatchLargerThanTheDataTrainsOnOneBatchPerEpoch() throws IOException {
        Path out = tmp.resolve("huge-batch");
        Cli.Run r = Cli.run("train", "--batch-size", "2147483647", "--schedule", "none", "--epochs", "3", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("note: --batch-size 2147483647 is larger than the 1\\d{3} training samples: each epoch is one batch of all of them")
                .containsPattern("(?m)^Epoch 3: loss \\d\\.\\d{4} acc ");
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertThat(rows).hasSize(4);
        for (String row : rows.subList(1, 4)) assertThat(Double.parseDouble(row.split(",")[1])).as(row).isFinite();
        assertThat(Checkpoint.load(out.resolve("checkpoint/last")).step()).as("one step per epoch").isEqualTo(3);
    }

    @Test
    void clipGradClipsAndOldRunsWithoutItStillLoad() throws IOException {
        Path out = tmp.resolve("clipped");
        Cli.Run r = Cli.run("train", "--epochs", "2", "--clip-grad", "0.5", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("gradients clipped to a global L2 norm of 0.5");
        assertThat(testAccuracy(r)).isGreaterThan(80.0);
        Map<String, Object> config = Json.parseObject(Files.readString(out.resolve("config.json")));
        assertThat(((Map<?, ?>) config.get("config")).get("clip_grad")).isEqualTo(0.5);
        Path plain = tmp.resolve("unclipped");
        assertThat(Cli.run("train", "--epochs", "2", "--out", plain.toString()).out()).doesNotContain("gradients clipped");
        assertThat(Files.readAllLines(out.resolve("metrics.csv")).get(1).split(",")[1])
                .as("clipping changed the first epoch").isNotEqualTo(Files.readAllLines(plain.resolve("metrics.csv")).get(1).split(",")[1]);

        // A checkpoint written before --clip-grad existed has no clip_grad: it loads as a run without clipping.
        Path index = out.resolve("checkpoint/last/checkpoint.json");
        String json = Files.readString(index);
        assertThat(json).contains("\"clip_grad\"");
        Files.writeString(index, json.replaceAll(",\\s*\"clip_grad\"\\s*:\\s*0\\.5", ""));
        assertThat(Files.readString(index)).doesNotContain("clip_grad");
        Cli.Run eval = Cli.run("eval", out.resolve("checkpoint/last").toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(testLine(r));
        RunConfig c = RunConfig.fromJson(Json.parseObject("{\"model\":\"mlp\",\"dataset\":\"digits\",\"epochs\":1,\"batch_size\":32,"
                + "\"optimizer\":\"sgd\",\"lr\":0.1,\"momentum\":0.9,\"schedule\":\"none\",\"weight_decay\":0,\"augment\":\"none\",\"val_split\":0,"
                + "\"early_stopping\":0,\"seed\":\"42\",\"threads\":1,\"normalize\":\"none\",\"train_limit\":0,\"test_limit\":0}"), "old.json");
        assertThat(c.clipGrad()).isZero();
        assertThat(c.decayBiasesAndNorms()).as("runs saved before the image recipe decayed every parameter").isTrue();
    }

    private static String testLine(Cli.Run r) { return r.out().lines().filter(l -> l.startsWith("test: accuracy")).findFirst().orElseThrow(); }
}

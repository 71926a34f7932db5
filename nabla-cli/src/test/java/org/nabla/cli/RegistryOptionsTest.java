package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Checkpoint;
import org.nabla.io.SafeTensors;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** The options read from the core's registries: --loss, CSV and image-folder datasets, --resume, --init-from and --freeze. */
class RegistryOptionsTest {
    @TempDir Path tmp;

    /** y = 2 a - 3 b + 0.5 c + 1 + noise(0.05): a learnable, linear-ish function, float targets. */
    private Path regressionCsv() throws IOException {
        Generator g = new Generator(7);
        StringBuilder b = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < 400; i++) {
            double a = g.nextDouble() * 2 - 1, bb = g.nextDouble() * 2 - 1, c = g.nextDouble() * 2 - 1;
            double y = 2 * a - 3 * bb + 0.5 * c + 1 + 0.05 * (g.nextDouble() - 0.5);
            b.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f%n", a, bb, c, y));
        }
        Path f = tmp.resolve("linear.csv");
        Files.writeString(f, b);
        return f;
    }

    @Test
    void regressionOnACsvWithFloatTargetsPrintsMaeAndR2() throws IOException {
        Path csv = regressionCsv(), out = tmp.resolve("reg");
        Cli.Run r = Cli.run("train", "mlp", "--dataset", "csv:" + csv, "--target", "y", "--loss", "mse", "--epochs", "30",
                "--schedule", "none", "--lr", "0.01", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("320 train / 80 test samples of 3, a real-valued target (regression)").containsPattern("(?m)^test: MAE \\d");
        Matcher m = Pattern.compile("(?m)^test MAE (\\d+\\.\\d+), R² (-?\\d+\\.\\d+) after 30 epochs").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(m.group(2))).as("R²").isGreaterThan(0.9);
        assertThat(Double.parseDouble(m.group(1))).as("MAE").isLessThan(0.5);
        Map<?, ?> test = (Map<?, ?>) org.nabla.io.Json.parseObject(Files.readString(out.resolve("summary.json"))).get("test");
        assertThat((Double) test.get("r2")).isGreaterThan(0.9);
        BufferedImage loss = ImageIO.read(out.resolve("loss.png").toFile());
        assertThat(loss).isNotNull();
        assertThat(Files.readAllLines(out.resolve("steps.csv"))).hasSizeGreaterThan(30); // per-step curves of the MSE
        Cli.Run eval = Cli.run("eval", out.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(r.out().lines().filter(l -> l.startsWith("test: MAE")).findFirst().orElseThrow());
    }

    @Test
    void imageFolderDatasetTrains() throws IOException {
        Path root = tmp.resolve("shapes");
        for (String cls : new String[] {"dark", "light"}) {
            Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < 10; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                int v = cls.equals("dark") ? 20 + i : 200 + i;
                for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) img.setRGB(x, y, (v << 16) | (v << 8) | v);
                ImageIO.write(img, "png", root.resolve(cls).resolve(i + ".png").toFile());
            }
        }
        Cli.Run r = Cli.run("train", "--dataset", "folder:" + root, "--epochs", "5", "--batch-size", "4", "--schedule", "none",
                "--out", tmp.resolve("run").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("16 train / 4 test samples of 3x8x8, 2 classes");
        assertThat(TrainCommandTest.testAccuracy(r)).isEqualTo(100.0);
    }

    @Test
    void resumeContinuesBitExactly() throws IOException {
        Path whole = tmp.resolve("whole"), first = tmp.resolve("first"), rest = tmp.resolve("rest");
        String[] common = {"train", "--epochs", "2", "--schedule", "exponential", "--train-limit", "300", "--threads", "1"};
        assertThat(Cli.run(with(common, "--out", whole.toString())).exitCode()).isZero();
        String[] one = with(common, "--out", first.toString());
        one[2] = "1";
        assertThat(Cli.run(one).exitCode()).isZero();
        Cli.Run resumed = Cli.run("train", "--resume", first.toString(), "--epochs", "2", "--out", rest.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming " + first + " after epoch 1 of 2");
        Map<String, Tensor> a = Checkpoint.load(whole.resolve("checkpoint/last")).model(), b = Checkpoint.load(rest.resolve("checkpoint/last")).model();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String k : a.keySet()) assertThat(b.get(k).toFloatArray()).as(k).isEqualTo(a.get(k).toFloatArray());
        assertThat(Checkpoint.load(rest.resolve("checkpoint/last")).epoch()).isEqualTo(2);
    }

    @Test
    void initFromWithFreezeKeepsFrozenWeightsBitIdentical() throws IOException {
        Path base = tmp.resolve("base"), tuned = tmp.resolve("tuned"), fromFile = tmp.resolve("fromfile");
        assertThat(Cli.run("train", "--epochs", "1", "--out", base.toString()).exitCode()).isZero();
        Map<String, Tensor> start = Checkpoint.load(base.resolve("checkpoint/last")).model();
        Cli.Run r = Cli.run("train", "--epochs", "2", "--init-from", base.toString(), "--freeze", "1.", "--freeze", "3.", "--out", tuned.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Tensor> end = Checkpoint.load(tuned.resolve("checkpoint/last")).model();
        for (String k : start.keySet()) {
            if (k.startsWith("1.") || k.startsWith("3.")) assertThat(end.get(k).toFloatArray()).as(k).isEqualTo(start.get(k).toFloatArray());
            else assertThat(end.get(k).toFloatArray()).as(k).isNotEqualTo(start.get(k).toFloatArray());
        }
        Path weights = tmp.resolve("w.safetensors");
        SafeTensors.save(weights, start);
        Cli.Run f = Cli.run("train", "--epochs", "1", "--init-from", weights.toString(), "--freeze", "5.", "--out", fromFile.toString());
        assertThat(f.exitCode()).as(f.err()).isZero();
        assertThat(Checkpoint.load(fromFile.resolve("checkpoint/last")).model().get("5.bias").toFloatArray()).isEqualTo(start.get("5.bias").toFloatArray());
    }

    @Test
    void helpListsTheRegisteredNames() {
        Cli.Run r = Cli.run("train", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Model: mlp, lenet5, cnn").contains("Loss: cross-entropy, dice, focal, mse, l1, huber")
                .contains("Optimizer: sgd, nesterov, adam, adamw, rmsprop,").containsPattern("(?m)^  csv +csv:PATH")
                .containsPattern("(?m)^Losses:$").containsPattern("(?m)^  mse +mean squared error");
    }

    @Test
    void badInputNamesTheOptionAndExitsWithTheRightCode() throws IOException {
        Path csv = regressionCsv();
        assertUsage(Cli.run("train", "--loss", "hinge"), "nabla train: --loss: unknown loss 'hinge'; available: cross-entropy, dice, focal, mse, l1, huber, smooth-l1");
        assertUsage(Cli.run("train", "--freeze", "1."), "nabla train: --freeze keeps loaded weights: give --init-from RUN|FILE.safetensors too");
        assertUsage(Cli.run("train", "resnet"), "nabla train: " + org.nabla.models.Models.REGISTRY.unknown("resnet"));
        assertUsage(Cli.run("train", "--dataset", "csv"), "nabla train: --dataset csv reads a location: write --dataset csv:PATH");
        assertUsage(Cli.run("train", "--target", "y"), "nabla train: --target applies to a csv: dataset, not digits");
        assertUsage(Cli.run("train", "--dataset", "csv:" + csv, "--loss", "cross-entropy", "--out", tmp.resolve("x").toString()),
                "nabla train: --loss cross-entropy compares outputs with class indices, but csv:" + csv + " has real-valued targets; choose one of mse, l1, huber, smooth-l1");
        Path missing = tmp.resolve("missing.csv");
        Cli.Run r = Cli.run("train", "--dataset", "csv:" + missing);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("nabla train: " + missing + ": cannot read").doesNotContain("\n\t");
        r = Cli.run("train", "--dataset", "csv:" + csv, "--target", "z");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("nabla train: " + csv + ": no column named 'z' in header [a, b, c, y]\n");
        r = Cli.run("train", "--resume", tmp.resolve("nothing").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("nabla train: --resume " + tmp.resolve("nothing") + ": no such file or folder\n");
        Path run = tmp.resolve("mlp");
        assertThat(Cli.run("train", "--epochs", "1", "--out", run.toString()).exitCode()).isZero();
        r = Cli.run("train", "lenet5", "--resume", run.toString(), "--epochs", "2");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("nabla train: --resume " + run + ": that run trained mlp, not lenet5\n");
        assertUsage(Cli.run("train", "--resume", run.toString(), "--lr", "0.5"),
                "nabla train: --resume continues the run as it was configured: --lr cannot change it (only --epochs, --threads and --out can)");
        assertUsage(Cli.run("train", "--init-from", run.toString(), "--freeze", "9.", "--out", tmp.resolve("y").toString()),
                "nabla train: --freeze 9.: no parameter of mlp starts with it; its parameters: 1.weight, 1.bias, 3.weight, 3.bias, 5.weight, 5.bias");
    }

    private static void assertUsage(Cli.Run r, String line) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(line + " (see 'nabla train --help')\n");
    }

    private static String[] with(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}

package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Json;

/** {@code nabla explain}, {@code tsne}, {@code dream}, {@code attack} and {@code train --adversarial} on a small CNN trained on the bundled digits. */
class ExplainCommandsTest {
    @TempDir static Path tmp;
    static Path run, image;

    @BeforeAll
    static void trainAndDrawADigit() throws IOException {
        run = tmp.resolve("cnn");
        Cli.Run r = Cli.run("train", "cnn", "--dataset", "digits", "--epochs", "2", "--threads", "1", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 1; y < 7; y++) img.setRGB(4, y, 0xFFFFFF); // a "1"
        image = tmp.resolve("one.png");
        ImageIO.write(img, "png", image.toFile());
    }

    @Test
    void everyMethodWritesItsPicture() throws IOException {
        for (String method : ExplainCommand.METHODS) {
            Path out = tmp.resolve(method + ".png");
            Cli.Run r = method.equals("filters") ? Cli.run("explain", run.toString(), "--method", method, "--out", out.toString())
                    : Cli.run("explain", run.toString(), image.toString(), "--method", method, "--out", out.toString(), "--samples", "4", "--steps", "4");
            assertThat(r.exitCode()).as(method + ": " + r.err()).isZero();
            assertThat(r.out()).as(method).contains("-> " + out);
            BufferedImage written = ImageIO.read(out.toFile());
            assertThat(written.getWidth()).as(method).isGreaterThan(40);
        }
        Cli.Run cam = Cli.run("explain", run.toString(), image.toString(), "--method", "gradcam", "--layer", "1", "--class", "7", "--out", tmp.resolve("c.png").toString());
        assertThat(cam.out()).startsWith("gradcam of layer 1 for class 7 (p = ");
        // the overlay is image | map | overlay, each 224 pixels high
        assertThat(ImageIO.read(tmp.resolve("saliency.png").toFile()).getHeight()).isEqualTo(224 + 2 * 4);
    }

    @Test
    void tsneDrawsTheTestFeaturesAndScoresThem() throws IOException {
        Path out = tmp.resolve("tsne.png"), csv = tmp.resolve("features.csv");
        Cli.Run r = Cli.run("tsne", run.toString(), "--n", "80", "--perplexity", "10", "--iterations", "1000", "--threads", "1", "--out", out.toString(),
                "--features-out", csv.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("t-SNE of 80 test images' features at the input of the last linear layer (256 values each), exact, 1 threads");
        Matcher m = Pattern.compile("trustworthiness \\(k = 5\\) (\\d\\.\\d{4})").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(0.75);
        assertThat(ImageIO.read(out.toFile()).getWidth()).isEqualTo(900);
        assertThat(Files.readAllLines(csv)).hasSize(80).allSatisfy(line -> assertThat(line.split(",")).hasSize(257));
    }

    @Test
    void dreamAndClassModel() throws IOException {
        Path dream = tmp.resolve("dream.png"), cls = tmp.resolve("class.png");
        Cli.Run d = Cli.run("dream", run.toString(), "--steps", "3", "--out", dream.toString());
        assertThat(d.exitCode()).as(d.err()).isZero();
        assertThat(d.out()).startsWith("DeepDream of layer ");
        Cli.Run c = Cli.run("dream", run.toString(), "--class", "3", "--steps", "20", "--out", cls.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).startsWith("class model of 3 (p = ");
        assertThat(ImageIO.read(cls.toFile()).getHeight()).isEqualTo(224);
    }

    @Test
    void attackReportsCleanAndAdversarialAccuracy() throws IOException {
        Path out = tmp.resolve("attack");
        Cli.Run r = Cli.run("attack", run.toString(), "--method", "pgd", "--eps", "0.3", "--steps", "5", "--n", "60", "--threads", "1", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("PGD (L∞, ε = 0.300000, 5 steps of 0.150000, random start) on 60 test images of digits\n");
        Map<String, Object> json = Json.parseObject(Files.readString(out.resolve("attack.json")));
        double clean = ((Number) json.get("clean_accuracy")).doubleValue(), adv = ((Number) json.get("adversarial_accuracy")).doubleValue();
        assertThat(clean).isGreaterThan(0.5);
        assertThat(adv).isLessThan(clean);
        assertThat(Files.exists(out.resolve("examples.png"))).isTrue();
        Cli.Run targeted = Cli.run("attack", run.toString(), "--method", "fgsm", "--eps", "0.3", "--target", "0", "--n", "30", "--out", out.toString());
        assertThat(targeted.out()).contains("sent to class 0");
    }

    @Test
    void adversarialTrainingRunsAndBadSpecsAreUsageErrors() {
        Cli.Run r = Cli.run("train", "cnn", "--dataset", "digits", "--epochs", "1", "--threads", "1", "--train-limit", "200",
                "--adversarial", "pgd:0.1:2", "--out", tmp.resolve("adv").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("adversarial training on PGD (L∞, ε = 0.100000, 2 steps of 0.125000, random start) examples of each batch");
        Cli.Run bad = Cli.run("train", "cnn", "--dataset", "digits", "--adversarial", "pgd");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--adversarial 'pgd': expected fgsm:EPS, pgd:EPS or pgd:EPS:STEPS");
    }

    @Test
    void badInputIsOneLine() {
        Cli.Run method = Cli.run("explain", run.toString(), image.toString(), "--method", "lime");
        assertThat(method.exitCode()).isEqualTo(2);
        assertThat(method.err()).contains("--method must be one of saliency, smoothgrad");
        Cli.Run layer = Cli.run("explain", run.toString(), image.toString(), "--method", "gradcam", "--layer", "nope");
        assertThat(layer.exitCode()).isEqualTo(1);
        assertThat(layer.err().strip()).startsWith("nabla explain: no layer named 'nope'; the model's layers are: 0, 0.0,").doesNotContain("\n");
        Cli.Run cls = Cli.run("attack", run.toString(), "--target", "eleven");
        assertThat(cls.exitCode()).isEqualTo(1);
        assertThat(cls.err().strip()).startsWith("nabla attack: no class 'eleven'").doesNotContain("\n");
        Cli.Run size = Cli.run("explain", run.toString(), tmp.resolve("missing.png").toString());
        assertThat(size.exitCode()).isEqualTo(1);
        assertThat(size.err().strip()).startsWith("nabla explain: ").endsWith("missing.png: no such image file").doesNotContain("\n");
    }
}

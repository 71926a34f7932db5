package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.ArrayDataset;
import org.nabla.data.DataPaths;
import org.nabla.data.Mnist;

/**
 * predict and eval of an ONNX file: the LeNet-5 that PyTorch trained for one epoch on MNIST and exported
 * (nabla-core's fixtures/make_onnx_fixtures.py), read with pixels in [0, 1].
 */
class OnnxCommandsTest {
    static final Path LENET = Path.of("../nabla-core/src/test/resources/fixtures/onnx/lenet5.onnx");

    @TempDir Path tmp;

    private static void assumeMnist() {
        Path dir = DataPaths.dataset("mnist");
        assumeTrue(Files.exists(dir.resolve("t10k-images-idx3-ubyte.gz")) || Files.exists(dir.resolve("t10k-images-idx3-ubyte")), "mnist is not in " + dir);
    }

    @Test
    void evalOfTheTorchLenetOnMnist() {
        assumeMnist();
        Cli.Run r = Cli.run("eval", "--model", LENET.toString(), "--dataset", "mnist", "--test-limit", "1000");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("on mnist (1000 test samples, normalize none)");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("test: accuracy (\\d+\\.\\d+)%").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(95.0); // 97.7% on all 10,000 when the fixture was made
    }

    @Test
    void predictReadsDigitImagesAsTorchDid() throws IOException {
        assumeMnist();
        ArrayDataset test = Mnist.mnist(false);
        int n = 8, right = 0;
        String[] files = new String[n + 2];
        files[0] = "--model";
        files[1] = LENET.toString();
        float[] pixels = new float[28 * 28];
        for (int i = 0; i < n; i++) {
            test.copyFeatures(i, pixels, 0);
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++) {
                    int v = Math.round(pixels[y * 28 + x] * 255);
                    img.getRaster().setSample(x, y, 0, v);
                }
            Path file = tmp.resolve("digit" + i + "_" + test.label(i) + ".png");
            ImageIO.write(img, "png", file.toFile());
            files[i + 2] = file.toString();
        }
        Cli.Run r = Cli.run(concat(new String[] {"predict", "--dataset", "mnist"}, files));
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(n);
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            assertThat(line).startsWith(files[i + 2] + ": ");
            String label = files[i + 2].replaceAll(".*_(\\d+)\\.png$", "$1");
            if (line.substring(files[i + 2].length() + 2).startsWith(label + " ")) right++;
        }
        assertThat(right).as(r.out()).isGreaterThanOrEqualTo(n - 1);
    }

    @Test
    void predictWithoutDatasetNamesClassesByIndex() throws IOException {
        Path file = tmp.resolve("blank.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", file.toFile());
        Cli.Run r = Cli.run("predict", "--model", LENET.toString(), "--top", "2", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).matches("(?s)" + java.util.regex.Pattern.quote(file.toString()) + ": \\d \\(\\d+\\.\\d%\\)  top-2: \\d \\d+\\.\\d% \\d \\d+\\.\\d%\\s*");
    }

    @Test
    void missingOrCorruptModelFailsInOneLine() throws IOException {
        Path image = tmp.resolve("blank.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", image.toFile());
        Cli.Run missing = Cli.run("predict", "--model", tmp.resolve("none.onnx").toString(), image.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("nabla predict: " + tmp.resolve("none.onnx") + ": no such file");
        Path corrupt = tmp.resolve("corrupt.onnx");
        Files.write(corrupt, new byte[] {0x0A, 0x7F, 1, 2});
        Cli.Run bad = Cli.run("eval", "--model", corrupt.toString(), "--dataset", "digits");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err().strip()).startsWith("nabla eval: " + corrupt + ": not a valid ONNX model (").doesNotContain("\n");
    }

    @Test
    void usageMistakes() {
        assertThat(Cli.run("eval", "--model", LENET.toString()).exitCode()).isEqualTo(2); // no --dataset
        assertThat(Cli.run("eval", "--model", LENET.toString(), "--dataset", "mnist", "--normalize", "pixels").exitCode()).isEqualTo(2);
        assertThat(Cli.run("predict", "--model", LENET.toString(), "--run", "runs/x", "a.png").exitCode()).isEqualTo(2);
        assertThat(Cli.run("predict", "--normalize", "standardize", "--model", LENET.toString(), "a.png").exitCode()).isEqualTo(2);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

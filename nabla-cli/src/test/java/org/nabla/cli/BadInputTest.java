package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.DataPaths;
import org.nabla.data.Digits;

/** A user's mistakes in files: each is one line on stderr naming the file and the reason, and exit code 1. */
class BadInputTest {
    @TempDir static Path tmp;
    private static Path run;

    /** One quick digits run whose checkpoint the tests below load. */
    @BeforeAll
    static void trainOnce() {
        run = tmp.resolve("run");
        Cli.Run r = Cli.run("train", "--epochs", "5", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    static void assertOneLineError(Cli.Run r, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ").contains(fragments);
    }

    /** Runs the command with $NABLA_DATA pointing at {@code data}. */
    static Cli.Run withData(Path data, String... args) {
        String old = System.getProperty(DataPaths.PROPERTY);
        System.setProperty(DataPaths.PROPERTY, data.toString());
        try {
            return Cli.run(args);
        } finally {
            if (old == null) System.clearProperty(DataPaths.PROPERTY);
            else System.setProperty(DataPaths.PROPERTY, old);
        }
    }

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) b.putInt(d);
        return b.put(data).array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void missingDataset() {
        Path empty = tmp.resolve("empty-data");
        System.setProperty(DataPaths.OFFLINE_PROPERTY, "true"); // CI has no network: fail at once, never wait on it
        Cli.Run r;
        try {
            r = withData(empty, "train", "lenet5", "--dataset", "mnist");
        } finally {
            System.clearProperty(DataPaths.OFFLINE_PROPERTY);
        }
        assertOneLineError(r, "nabla train: mnist not found in " + empty.resolve("mnist") + ", ", " or /usr/share/datasets/mnist: put train-images-idx3-ubyte.gz",
                "in " + empty.resolve("mnist"), "downloads are off");
        assertThat(r.err()).doesNotContain("null");
    }

    @Test
    void corruptIdxHeader() throws IOException {
        Path data = tmp.resolve("bad-header"), mnist = Files.createDirectories(data.resolve("mnist"));
        Files.write(mnist.resolve("train-images-idx3-ubyte"), idx(1234, new int[] {2, 28, 28}, new byte[2 * 784]));
        Files.write(mnist.resolve("train-labels-idx1-ubyte"), idx(2049, new int[] {2}, new byte[2]));
        Cli.Run r = withData(data, "train", "lenet5", "--dataset", "mnist");
        assertOneLineError(r, "nabla train: " + mnist.resolve("train-images-idx3-ubyte") + ": wrong magic number 1234");
    }

    @Test
    void truncatedGzip() throws IOException {
        Path data = tmp.resolve("truncated"), mnist = Files.createDirectories(data.resolve("mnist"));
        byte[] images = gzip(idx(2051, new int[] {50, 28, 28}, new byte[50 * 784]));
        Files.write(mnist.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(images, images.length / 2));
        Files.write(mnist.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(2049, new int[] {50}, new byte[50])));
        Cli.Run r = withData(data, "train", "lenet5", "--dataset", "mnist");
        assertOneLineError(r, "nabla train: " + mnist.resolve("train-images-idx3-ubyte.gz") + ": truncated or corrupt gzip stream");
    }

    @Test
    void checkpointOfAnotherModel() {
        Cli.Run r = Cli.run("eval", run.toString(), "--model", "cnn");
        assertOneLineError(r, "nabla eval: Checkpoint of model 'mlp' does not fit this model: ");
    }

    @Test
    void corruptCheckpoint() throws IOException {
        Path copy = tmp.resolve("corrupt-run/checkpoint/last");
        Files.createDirectories(copy);
        Path weights = null;
        try (var files = Files.list(run.resolve("checkpoint/last"))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
                if (f.toString().endsWith(".safetensors")) weights = copy.resolve(f.getFileName());
            }
        }
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length - 100));
        assertOneLineError(Cli.run("eval", tmp.resolve("corrupt-run").toString()), "nabla eval: ", weights.toString(), "truncated");
        assertOneLineError(Cli.run("eval", tmp.resolve("nothing-here").toString()), "nabla eval: ", "no such file or folder");
    }

    @Test
    void predictRefusesAnImageOfTheWrongSize() throws IOException {
        Path png = tmp.resolve("big.png");
        ImageIO.write(new BufferedImage(10, 12, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        assertOneLineError(Cli.run("predict", "--run", run.toString(), png.toString()),
                "nabla predict: " + png + ": the image is 10x12 pixels, the model takes 8x8");
        Path text = Files.writeString(tmp.resolve("note.png"), "not a picture");
        assertOneLineError(Cli.run("predict", "--run", run.toString(), text.toString()), text + ": not an image this JVM reads");
    }

    @Test
    void predictClassifiesDigitImages() throws IOException {
        Digits d = Digits.load();
        float[] px = d.features().toFloatArray();
        long[] labels = d.labels().toLongArray();
        int correct = 0, n = 20;
        String[] args = new String[n + 3];
        args[0] = "predict";
        args[1] = "--run";
        args[2] = run.toString();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 64; p++) img.getRaster().setSample(p % 8, p / 8, 0, Math.round(px[i * 64 + p] * 255));
            Path file = tmp.resolve("digit" + i + ".png");
            ImageIO.write(img, "png", file.toFile());
            args[i + 3] = file.toString();
        }
        Cli.Run r = Cli.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(lines[i]).startsWith(tmp.resolve("digit" + i + ".png") + ": ").containsPattern(": \\d \\(\\d+\\.\\d%\\)  top-3: \\d ");
            if (lines[i].startsWith(tmp.resolve("digit" + i + ".png") + ": " + labels[i] + " ")) correct++;
        }
        assertThat(correct).isGreaterThanOrEqualTo(17);
    }
}

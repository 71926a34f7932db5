package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.data.DataPaths;
import org.nabla.data.Digits;

/**
 * A user's mistakes in files (one line on stderr naming the file and the reason, exit code 1) and in options that
 * only the data or the file system show wrong (one line naming the option, exit code 2).
 */
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

    /** A mistake in the arguments: one line naming the option, exit code 2. */
    static void assertUsageError(Cli.Run r, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
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

    /** 100000 threads died of OutOfMemoryError after 76 s, 5000 hung: every command refuses them at once. */
    @Test
    void threadCountsBeyondTheCapAreUsageErrors() {
        String range = "--threads must be from 1 to " + org.nabla.tensor.RunContext.MAX_THREADS;
        for (String n : new String[] {"0", "100000", "5000"}) {
            assertUsageError(Cli.run("train", "--threads", n, "--out", tmp.resolve("threads-" + n).toString()), "nabla train: " + range, "got " + n);
            assertThat(tmp.resolve("threads-" + n)).doesNotExist();
            assertUsageError(Cli.run("eval", run.toString(), "--threads", n), "nabla eval: " + range);
            assertUsageError(Cli.run("search", "--threads", n), "nabla search: " + range);
            assertUsageError(Cli.run("bench", "sgemm", "--threads", n), "nabla bench: " + range);
        }
    }

    /** eval took --test-limit 0 and -5 silently (as "all"). */
    @Test
    void evalRefusesTestLimitsBelowOne() {
        for (String n : new String[] {"0", "-5"})
            assertUsageError(Cli.run("eval", run.toString(), "--test-limit", n), "nabla eval: --test-limit must be at least 1, got " + n);
        Cli.Run r = Cli.run("eval", run.toString(), "--test-limit", "7", "--threads", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("(7 test samples)");
    }

    /** A diverged run stops with one line naming the step and the layer, and is not mistaken for a finished one. */
    @Test
    void aDivergedRunNamesStepAndLayerAndIsNotCompleted() {
        Path out = tmp.resolve("diverged");
        Cli.Run r = Cli.run("train", "--lr", "1e30", "--schedule", "none", "--epochs", "1", "--out", out.toString());
        assertOneLineError(r, "nabla train: Training diverged at epoch 1, batch ", "(step ", "layer '");
        assertThat(out.resolve("config.json")).exists();
        assertThat(RunFolder.isCompleted(out)).isFalse();
        assertThat(RunFolder.isCompleted(run)).isTrue();
    }

    /** A diverged or killed run was the newest folder in runs/ and became predict's default, which it cannot load. */
    @Test
    void predictsDefaultRunIsTheNewestCompletedOne() throws IOException {
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        Path done = Files.createDirectories(runs.resolve("mlp-digits-done")), killed = Files.createDirectories(runs.resolve("mlp-digits-killed"));
        Files.writeString(done.resolve(RunFolder.SUMMARY), "{}");
        Files.writeString(killed.resolve(RunFolder.CONFIG), "{}");
        Files.setLastModifiedTime(done, FileTime.fromMillis(1_000_000_000L));
        Files.setLastModifiedTime(killed, FileTime.fromMillis(2_000_000_000L));
        assertThat(PredictCommand.newestRun(runs)).isEqualTo(done);
        Files.delete(done.resolve(RunFolder.SUMMARY));
        assertThatThrownBy(() -> PredictCommand.newestRun(runs))
                .hasMessage(runs + "/ holds no completed run (one with summary.json): train a model first or give --run DIR");
    }

    /** metrics.csv listed epochs whose checkpoint a kill -9 kept from committing: the row now follows the commit. */
    @Test
    void noMetricsRowForAnEpochWhoseCheckpointWasNotCommitted() throws IOException {
        RunConfig c = TrainedModel.load(run, null).config();
        Path dir = Files.createDirectories(tmp.resolve("checkpoint-fails"));
        Files.writeString(dir.resolve("checkpoint"), "a file where the checkpoint folder goes: every save fails");
        RunFolder folder = new RunFolder(dir);
        assertThatThrownBy(() -> Training.run(c, RunData.load(c), folder, null)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("checkpoint");
        assertThat(Files.readAllLines(folder.metricsCsv())).hasSize(1).first().asString().startsWith("epoch,");
    }

    @Test
    void aDirectoryWhereADataFileShouldBeIsNamedAsOne() throws IOException {
        Path data = tmp.resolve("dir-data"), images = Files.createDirectories(data.resolve("mnist/train-images-idx3-ubyte.gz"));
        assertOneLineError(withData(data, "train", "lenet5", "--dataset", "mnist"), "nabla train: " + images + " is a directory, not an IDX file");
    }

    @Test
    void anOutFolderThatCannotBeCreatedSaysWhy() {
        Cli.Run r = Cli.run("train", "--epochs", "1", "--schedule", "none", "--out", "/proc/forbidden");
        assertOneLineError(r, "nabla train: cannot create the run folder /proc/forbidden: /proc ");
        assertThat(r.err()).containsAnyOf("not writable", "does not accept new folders");
    }

    @Test
    void servePlaygroundOptionsOutOfRangeAreUsageErrors() {
        assertUsageError(Cli.run("serve", "--runs", tmp.resolve("serve-runs").toString(), "--playground-fps", "-1"),
                "--playground-fps must be from 0 (no cap) to 1000, got -1");
        assertUsageError(Cli.run("serve", "--runs", tmp.resolve("serve-runs").toString(), "--playground-threads", "0"),
                "--playground-threads must be from 1 to ");
    }

    @Test
    void anOutFolderThatIsNotEmptyIsAUsageError() {
        assertUsageError(Cli.run("train", "--epochs", "1", "--out", run.toString()), "nabla train: --out " + run + " is not empty");
        assertUsageError(Cli.run("train", "--epochs", "1", "--out", run.resolve("config.json").toString()), "is a file, not a folder");
    }

    /** Per-class rounding made --train-limit 2000 train on 2005 MNIST samples. */
    @Test
    void trainLimitIsExact() {
        Cli.Run r = Cli.run("train", "--train-limit", "105", "--epochs", "1", "--schedule", "none", "--out", tmp.resolve("limit").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(" on digits: 105 train / ");
    }
}

package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    @TempDir Path dir;

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) b.putInt(d);
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    /** Writes a small MNIST-format split: n images of 28x28 whose pixels are (i + p) % 256, labels i % 10. */
    void writeSplit(String prefix, int nImages, int nLabels, boolean gz) throws IOException {
        byte[] px = new byte[nImages * 784];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i / 784 + i % 784);
        byte[] lab = new byte[nLabels];
        for (int i = 0; i < nLabels; i++) lab[i] = (byte) (i % 10);
        byte[] images = idx(Idx.IMAGES_MAGIC, new int[] {nImages, 28, 28}, px), labels = idx(Idx.LABELS_MAGIC, new int[] {nLabels}, lab);
        String ext = gz ? ".gz" : "";
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + ext), gz ? gzip(images) : images);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), gz ? gzip(labels) : labels);
    }

    @Test
    void readsGzipAndPlainIdx() throws IOException {
        writeSplit("train", 12, 12, true);
        writeSplit("t10k", 5, 5, false);
        ArrayDataset train = Mnist.load("mnist", dir, true), test = Mnist.load("mnist", dir, false);
        assertThat(train.size()).isEqualTo(12);
        assertThat(test.size()).isEqualTo(5);
        assertThat(train.sampleShape()).containsExactly(1, 28, 28);
        assertThat(train.label(3)).isEqualTo(3);
        float[] row = new float[784];
        train.copyFeatures(2, row, 0);
        assertThat(row[0]).isEqualTo(2 / 255f);
        assertThat(row[300]).isEqualTo(((2 + 300) & 0xFF) / 255f);
        assertThat(train.get(2).x().shape()).containsExactly(1, 28, 28);
    }

    @Test
    void wrongMagicIsRefusedWithTheFileName() throws IOException {
        writeSplit("train", 2, 2, false);
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(images);
        b[3] = 1; // 2049, a label magic, in an image file
        Files.write(images, b);
        assertThatThrownBy(() -> Mnist.load("mnist", dir, true))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage(images + ": wrong magic number 2049 (0x801), expected 2051 for an IDX image file");
    }

    @Test
    void corruptHeaderIsRefused() throws IOException {
        Path f = dir.resolve("short");
        Files.write(f, new byte[] {0, 0, 8});
        assertThatThrownBy(() -> Idx.read(f, Idx.IMAGES_MAGIC)).hasMessage(f + ": corrupt header: file ends after 3 bytes");
        Files.write(f, new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0});
        assertThatThrownBy(() -> Idx.read(f, Idx.IMAGES_MAGIC)).hasMessage(f + ": corrupt header: file ends inside the 3 dimensions");
        Files.write(f, idx(Idx.IMAGES_MAGIC, new int[] {3, 28, 28}, new byte[784]));
        assertThatThrownBy(() -> Idx.read(f, Idx.IMAGES_MAGIC)).hasMessage(f + ": truncated: header [3, 28, 28] needs 2352 data bytes, file has 784");
        Files.write(f, idx(Idx.IMAGES_MAGIC, new int[] {1, 28, 28}, new byte[785]));
        assertThatThrownBy(() -> Idx.read(f, Idx.IMAGES_MAGIC)).hasMessage(f + ": corrupt: data continues after the 784 bytes of [1, 28, 28]");
    }

    /** A 59-byte file claiming 2.7M images allocated 2.1 GB before reading (OutOfMemoryError under -Xmx1g). */
    @Test
    void aHeaderClaimingMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
        Path plain = dir.resolve("train-images-idx3-ubyte");
        Files.write(plain, idx(Idx.IMAGES_MAGIC, new int[] {2_700_000, 28, 28}, new byte[43]));
        assertThat(Files.size(plain)).isEqualTo(59);
        assertThatThrownBy(() -> Idx.read(plain, Idx.IMAGES_MAGIC))
                .hasMessage(plain + ": truncated: header [2700000, 28, 28] needs 2116800000 data bytes, file has 43");
        Path gz = dir.resolve("claims.gz");
        Files.write(gz, gzip(idx(Idx.IMAGES_MAGIC, new int[] {2_700_000, 28, 28}, new byte[43])));
        assertThatThrownBy(() -> Idx.read(gz, Idx.IMAGES_MAGIC)).hasMessage(gz + ": corrupt header: dimensions [2700000, 28, 28] need 2116800000 "
                + "data bytes, more than a gzip file of " + Files.size(gz) + " bytes can hold");
    }

    @Test
    void emptyImagesAreRefusedWithTheFileName() throws IOException {
        Path images = dir.resolve("train-images-idx3-ubyte");
        Files.write(images, idx(Idx.IMAGES_MAGIC, new int[] {2, 0, 0}, new byte[0]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(Idx.LABELS_MAGIC, new int[] {2}, new byte[2]));
        assertThatThrownBy(() -> Mnist.load("mnist", dir, true)).isInstanceOf(UncheckedIOException.class)
                .hasMessage(images + ": the images are 0x0 pixels; an image needs at least one");
    }

    @Test
    void testImagesOfAnotherSizeThanTheTrainingImagesAreRefused() throws IOException {
        writeSplit("train", 3, 3, true);
        Path test = dir.resolve("t10k-images-idx3-ubyte");
        Files.write(test, idx(Idx.IMAGES_MAGIC, new int[] {2, 20, 20}, new byte[800]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(Idx.LABELS_MAGIC, new int[] {2}, new byte[2]));
        assertThatThrownBy(() -> Mnist.load("mnist", dir, false)).isInstanceOf(UncheckedIOException.class)
                .hasMessage(test + ": the test images are 20x20 pixels but the training images in " + dir.resolve("train-images-idx3-ubyte.gz")
                        + " are 28x28");
    }

    @Test
    void aDirectoryWhereAFileShouldBeIsNamedAsOne() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("train-images-idx3-ubyte.gz"));
        assertThatThrownBy(() -> Mnist.load("mnist", dir, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(folder + " is a directory, not an IDX file");
    }

    @Test
    void truncatedGzipIsRefused() throws IOException {
        writeSplit("train", 20, 20, true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] b = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> Mnist.load("mnist", dir, true))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith(images + ": truncated or corrupt gzip stream (")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void mismatchedCountsAreRefused() throws IOException {
        writeSplit("train", 6, 5, false);
        assertThatThrownBy(() -> Mnist.load("mnist", dir, true))
                .hasMessage(dir.resolve("train-images-idx3-ubyte") + " has 6 images but " + dir.resolve("train-labels-idx1-ubyte") + " has 5 labels");
    }

    @Test
    void missingFilesSayWhatToPutWhere() {
        System.setProperty(DataPaths.OFFLINE_PROPERTY, "true");
        try {
            assertThatThrownBy(() -> Mnist.load("mnist", dir, true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mnist not found in " + dir + ": put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                            + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in " + dir)
                    .hasMessageContaining("sha256sum -c SHA256SUMS")
                    .hasMessageContaining("NABLA_DATA")
                    .hasMessageEndingWith("; downloads are off (NABLA_OFFLINE=1 or -Dnabla.offline=true)");
        } finally {
            System.clearProperty(DataPaths.OFFLINE_PROPERTY);
        }
    }

    /** Runs {@code body} with $NABLA_DATA at {@code data} and the OS dataset folders at {@code system}. */
    private static void withFolders(Path data, Path system, Runnable body) {
        System.setProperty(DataPaths.PROPERTY, data.toString());
        System.setProperty(DataPaths.SYSTEM_PROPERTY, system.toString());
        try {
            body.run();
        } finally {
            System.clearProperty(DataPaths.PROPERTY);
            System.clearProperty(DataPaths.SYSTEM_PROPERTY);
        }
    }

    @Test
    void fashionMnistIsFoundWhereTheDebianPackagePutsIt() throws IOException {
        Path system = dir.resolve("usr-share-datasets"), empty = Files.createDirectories(dir.resolve("nabla-data"));
        Path saved = dir;
        dir = Files.createDirectories(system.resolve(Mnist.FASHION)); // the package's layout: the official .gz files
        writeSplit("train", 4, 4, true);
        writeSplit("t10k", 2, 2, true);
        dir = saved;
        System.setProperty(DataPaths.OFFLINE_PROPERTY, "true");
        try {
            withFolders(empty, system, () -> {
                assertThat(DataPaths.searchPath(Mnist.FASHION)).containsExactly(empty.resolve(Mnist.FASHION), system.resolve(Mnist.FASHION));
                assertThat(Mnist.fashion(true).size()).isEqualTo(4);
                assertThat(Mnist.fashion(false).size()).isEqualTo(2);
            });
        } finally {
            System.clearProperty(DataPaths.OFFLINE_PROPERTY);
        }
    }

    @Test
    void theOfflineErrorNamesEveryFolderSearched() {
        Path data = dir.resolve("data"), system = dir.resolve("system");
        System.setProperty(DataPaths.OFFLINE_PROPERTY, "true");
        try {
            withFolders(data, system, () -> assertThatThrownBy(() -> Mnist.fashion(true))
                    .hasMessageStartingWith("fashion-mnist not found in " + data.resolve(Mnist.FASHION) + " or " + system.resolve(Mnist.FASHION)
                            + ": put train-images-idx3-ubyte.gz")
                    .hasMessageContaining("apt-get install dataset-fashion-mnist")
                    .hasMessageContaining("downloads are off")
                    .message().doesNotContain("null"));
        } finally {
            System.clearProperty(DataPaths.OFFLINE_PROPERTY);
        }
    }

    @Test
    void aFailedConnectionIsNamedNeverNull() {
        // HttpClient's ConnectException has no message when the network is down
        DataPaths.setDownloader(new ChecksumDownloader(uri -> {
            throw new java.net.ConnectException();
        }));
        try {
            assertThatThrownBy(() -> Mnist.load(Mnist.MNIST, dir.resolve("m"), true))
                    .hasMessageContaining("the download failed: cannot download " + Mnist.MNIST_URL + "train-images-idx3-ubyte.gz to "
                            + dir.resolve("m").resolve("train-images-idx3-ubyte.gz") + ": ConnectException (offline? put the file there by hand)")
                    .message().doesNotContain("null");
        } finally {
            DataPaths.setDownloader(null);
        }
    }

    @Test
    void missingFilesAreDownloadedWithTheirChecksums() throws IOException {
        Path mirror = Files.createDirectories(dir.resolve("mirror")), target = dir.resolve("fashion");
        Path saved = dir;
        dir = mirror;
        writeSplit("train", 7, 7, true);
        writeSplit("t10k", 3, 3, true);
        dir = saved;
        java.util.List<String> fetched = new java.util.ArrayList<>();
        DataPaths.setDownloader((source, file, sha256) -> {
            fetched.add(source + " " + sha256);
            String name = source.getPath().substring(source.getPath().lastIndexOf('/') + 1);
            Files.createDirectories(file.getParent());
            Files.copy(mirror.resolve(name), file);
        });
        try {
            ArrayDataset train = Mnist.load(Mnist.FASHION, target, true);
            assertThat(train.size()).isEqualTo(7);
            assertThat(fetched).containsExactly(
                    Mnist.FASHION_URL + "train-images-idx3-ubyte.gz " + Mnist.FASHION_SHA256.get("train-images-idx3-ubyte.gz"),
                    Mnist.FASHION_URL + "train-labels-idx1-ubyte.gz " + Mnist.FASHION_SHA256.get("train-labels-idx1-ubyte.gz"),
                    Mnist.FASHION_URL + "t10k-images-idx3-ubyte.gz " + Mnist.FASHION_SHA256.get("t10k-images-idx3-ubyte.gz"),
                    Mnist.FASHION_URL + "t10k-labels-idx1-ubyte.gz " + Mnist.FASHION_SHA256.get("t10k-labels-idx1-ubyte.gz"));
            assertThat(Mnist.load(Mnist.FASHION, target, false).size()).isEqualTo(3);
            assertThat(fetched).hasSize(4); // nothing fetched twice
        } finally {
            DataPaths.setDownloader(null);
        }
    }

    @Test
    void aDownloadWithTheWrongChecksumLeavesNothingBehind() {
        DataPaths.setDownloader(new ChecksumDownloader(uri -> new java.io.ByteArrayInputStream("not mnist".getBytes())));
        try {
            assertThatThrownBy(() -> Mnist.load(Mnist.MNIST, dir.resolve("m"), true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mnist not found in " + dir.resolve("m") + ": put ")
                    .hasMessageContaining("the download failed: " + Mnist.MNIST_URL + "train-images-idx3-ubyte.gz: SHA-256 mismatch: expected "
                            + Mnist.MNIST_SHA256.get("train-images-idx3-ubyte.gz"));
            try (var left = Files.list(dir.resolve("m"))) {
                assertThat(left.toList()).isEmpty();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            DataPaths.setDownloader(null);
        }
    }

    @Test
    void realMnist() {
        Path d = DataPaths.dataset("mnist");
        assumeTrue(Files.isRegularFile(d.resolve("train-images-idx3-ubyte.gz")), "no MNIST under " + DataPaths.root());
        long t0 = System.nanoTime();
        ArrayDataset train = Mnist.mnist(true);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        ArrayDataset test = Mnist.mnist(false);
        System.out.println("MNIST train (60000 images) loaded in " + ms + " ms");
        assertThat(train.size()).isEqualTo(60000);
        assertThat(test.size()).isEqualTo(10000);
        assertThat(train.sampleShape()).containsExactly(1, 28, 28);
        assertThat(train.label(0)).isEqualTo(5);
        assertThat(test.label(0)).isEqualTo(7);
        int[] counts = Datasets.classCounts(train.labels());
        assertThat(counts).hasSize(10).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
        assertThat(Datasets.classCounts(test.labels())).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    }

    @Test
    void realFashionMnist() {
        Path d = DataPaths.dataset("fashion-mnist");
        assumeTrue(Files.isRegularFile(d.resolve("train-images-idx3-ubyte.gz")), "no Fashion-MNIST under " + DataPaths.root());
        ArrayDataset train = Mnist.fashion(true), test = Mnist.fashion(false);
        assertThat(train.size()).isEqualTo(60000);
        assertThat(test.size()).isEqualTo(10000);
        assertThat(Datasets.classCounts(train.labels())).containsOnly(6000);
        assertThat(Datasets.classCounts(test.labels())).containsOnly(1000);
        assertThat(train.label(0)).isEqualTo(9); // the first training image is an ankle boot
    }
}

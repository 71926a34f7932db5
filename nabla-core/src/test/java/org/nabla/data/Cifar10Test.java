package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    @TempDir Path dir;

    /** n records: label (start + r) % 10, pixel p of record r = (r * 7 + p) % 256. */
    static byte[] records(int n, int start) {
        byte[] b = new byte[n * Cifar10.RECORD];
        for (int r = 0; r < n; r++) {
            b[r * Cifar10.RECORD] = (byte) ((start + r) % 10);
            for (int p = 0; p < 3072; p++) b[r * Cifar10.RECORD + 1 + p] = (byte) (r * 7 + p);
        }
        return b;
    }

    @Test
    void readsGeneratedBatchesInTheBinaryFormat() throws IOException {
        for (int i = 0; i < 5; i++) Files.write(dir.resolve(Cifar10.TRAIN_FILES[i]), records(3, i * 3));
        Files.write(dir.resolve(Cifar10.TEST_FILE), records(4, 0));
        ArrayDataset train = Cifar10.load(dir, true), test = Cifar10.load(dir, false);
        assertThat(train.size()).isEqualTo(15);
        assertThat(test.size()).isEqualTo(4);
        assertThat(train.sampleShape()).containsExactly(3, 32, 32);
        assertThat(train.label(14)).isEqualTo(4);
        float[] x = new float[3072];
        test.copyFeatures(2, x, 0);
        assertThat(x[0]).isEqualTo(14 / 255f);       // red (0, 0)
        assertThat(x[1024]).isEqualTo(((14 + 1024) & 0xFF) / 255f); // green (0, 0)
        assertThat(x[3071]).isEqualTo(((14 + 3071) & 0xFF) / 255f); // blue (31, 31)
    }

    @Test
    void refusesPartialRecordsAndBadLabels() throws IOException {
        Path f = dir.resolve("test_batch.bin");
        byte[] b = records(2, 0);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 1));
        assertThatThrownBy(() -> Cifar10.read("c", List.of(f)))
                .hasMessage(f + ": size 6145 bytes is not a positive multiple of the 3073-byte record (1 label + 3072 pixels)");
        b[Cifar10.RECORD] = 12;
        Files.write(f, b);
        assertThatThrownBy(() -> Cifar10.read("c", List.of(f))).hasMessage(f + ": record 1 has label 12, outside 0..9");
    }

    @Test
    void missingFilesSayWhatToPutWhere() {
        assertThatThrownBy(() -> Cifar10.load(dir, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cifar10 not found in " + dir + ": put data_batch_1.bin")
                .hasMessageContaining("test_batch.bin in " + dir);
    }

    @Test
    void realCifar10() {
        Path d = DataPaths.dataset(Cifar10.NAME);
        assumeTrue(Files.isDirectory(d), "no CIFAR-10 under " + DataPaths.root());
        ArrayDataset test = Cifar10.load(false);
        assertThat(test.size()).isEqualTo(10000);
        assertThat(Datasets.classCounts(test.labels())).containsOnly(1000);
    }
}

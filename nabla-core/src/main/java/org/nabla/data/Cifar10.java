package org.nabla.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CIFAR-10, binary version: each record is 1 label byte then 3072 pixel bytes (1024 red, 1024 green,
 * 1024 blue, row-major 32x32), 10000 records per file. Training is data_batch_1..5.bin, test is
 * test_batch.bin, in {@code $NABLA_DATA/cifar10} (or its sub-folder cifar-10-batches-bin). Samples are [3, 32, 32] in [0, 1].
 */
public final class Cifar10 {
    public static final String NAME = "cifar10";
    public static final int RECORD = 1 + 3 * 32 * 32;
    public static final String[] TRAIN_FILES = {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"};
    public static final String TEST_FILE = "test_batch.bin";
    public static final String URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    public static final String[] CLASSES = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

    private static final String[] ALL_FILES = {TRAIN_FILES[0], TRAIN_FILES[1], TRAIN_FILES[2], TRAIN_FILES[3], TRAIN_FILES[4], TEST_FILE};

    private Cifar10() {}

    /** {@code dir}, or its sub-folder cifar-10-batches-bin (as the archive unpacks) when there is one. */
    private static Path batches(Path dir) {
        return Files.isDirectory(dir.resolve("cifar-10-batches-bin")) ? dir.resolve("cifar-10-batches-bin") : dir;
    }

    /** Whether {@code dir} holds the split's files. */
    private static boolean holds(Path dir, boolean train) {
        Path d = batches(dir);
        for (String n : train ? TRAIN_FILES : new String[] {TEST_FILE}) {
            if (Files.isDirectory(d.resolve(n))) throw new IllegalArgumentException(d.resolve(n) + " is a directory, not a CIFAR-10 batch file");
            if (!Files.isRegularFile(d.resolve(n))) return false;
        }
        return true;
    }

    /** The training (50000) or test (10000) split from {@code $NABLA_DATA/cifar10}. */
    public static ArrayDataset load(boolean train) {
        List<Path> dirs = DataPaths.searchPath(NAME);
        for (Path dir : dirs) if (holds(dir, train)) return load(dir, train);
        throw DataPaths.missing(NAME, dirs, ALL_FILES, URL);
    }

    public static ArrayDataset load(Path dir, boolean train) {
        if (!holds(dir, train)) throw DataPaths.missing(NAME, dir, ALL_FILES, URL);
        dir = batches(dir);
        String[] names = train ? TRAIN_FILES : new String[] {TEST_FILE};
        Path[] files = new Path[names.length];
        for (int i = 0; i < names.length; i++) files[i] = dir.resolve(names[i]);
        return read(NAME + (train ? "-train" : "-test"), List.of(files));
    }

    /** Reads and concatenates batch files of whole records. */
    public static ArrayDataset read(String name, List<Path> files) {
        try {
            long total = 0;
            for (Path f : files) {
                long size = Files.size(f);
                if (size == 0 || size % RECORD != 0)
                    throw new IOException(f + ": size " + size + " bytes is not a positive multiple of the " + RECORD + "-byte record (1 label + 3072 pixels)");
                total += size / RECORD;
            }
            int n = Math.toIntExact(total);
            byte[] pixels = new byte[Math.multiplyExact(n, RECORD - 1)];
            long[] labels = new long[n];
            int row = 0;
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    byte[] all = in.readAllBytes();
                    for (int r = 0; r < all.length / RECORD; r++, row++) {
                        int label = all[r * RECORD] & 0xFF;
                        if (label > 9) throw new IOException(f + ": record " + r + " has label " + label + ", outside 0..9");
                        labels[row] = label;
                        System.arraycopy(all, r * RECORD + 1, pixels, row * (RECORD - 1), RECORD - 1);
                    }
                }
            }
            return ArrayDataset.ofBytes(name, pixels, labels, 3, 32, 32);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}

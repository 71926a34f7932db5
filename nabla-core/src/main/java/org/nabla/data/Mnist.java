package org.nabla.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST and Fashion-MNIST: 28x28 grey images, labels 0..9, from the official IDX files (gzip or not) in
 * {@code $NABLA_DATA/mnist} or {@code $NABLA_DATA/fashion-mnist}. Samples are [1, 28, 28] in [0, 1].
 */
public final class Mnist {
    public static final String MNIST = "mnist", FASHION = "fashion-mnist";
    public static final String[] FILES = {
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
    public static final String MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    public static final String FASHION_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    public static final String[] FASHION_CLASSES = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

    private Mnist() {}

    /** MNIST's training (60000) or test (10000) split from {@code $NABLA_DATA/mnist}. */
    public static ArrayDataset mnist(boolean train) { return load(MNIST, DataPaths.dataset(MNIST), train); }

    /** Fashion-MNIST's training or test split from {@code $NABLA_DATA/fashion-mnist}. */
    public static ArrayDataset fashion(boolean train) { return load(FASHION, DataPaths.dataset(FASHION), train); }

    /** Loads a split from {@code dir}; the files may be gzip-compressed (.gz) or not. */
    public static ArrayDataset load(String name, Path dir, boolean train) {
        String prefix = train ? "train" : "t10k";
        Path images = find(name, dir, prefix + "-images-idx3-ubyte");
        Path labels = find(name, dir, prefix + "-labels-idx1-ubyte");
        try {
            return Idx.readImagesAndLabels(name + (train ? "-train" : "-test"), images, labels, 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static Path find(String name, Path dir, String base) {
        for (String candidate : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        throw DataPaths.missing(name, dir, FILES, name.equals(FASHION) ? FASHION_URL : MNIST_URL);
    }
}

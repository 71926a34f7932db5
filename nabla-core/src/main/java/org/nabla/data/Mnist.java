package org.nabla.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MNIST and Fashion-MNIST: 28x28 grey images, labels 0..9, from the official IDX files (gzip or not) in
 * {@code $NABLA_DATA/mnist} or {@code $NABLA_DATA/fashion-mnist}. Samples are [1, 28, 28] in [0, 1]. Missing
 * files are downloaded there (SHA-256 checked, moved into place atomically) unless {@link DataPaths#downloadsAllowed}
 * says no; when that fails, the error says which files to put where.
 */
public final class Mnist {
    public static final String MNIST = "mnist", FASHION = "fashion-mnist";
    public static final String[] FILES = {
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
    public static final String MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    public static final String FASHION_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    /** SHA-256 of the official files (the same as in shared/data's SHA256SUMS). */
    static final Map<String, String> MNIST_SHA256 = Map.of(
            "train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");
    static final Map<String, String> FASHION_SHA256 = Map.of(
            "train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            "train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            "t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
            "t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5");
    public static final String[] FASHION_CLASSES = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

    private Mnist() {}

    /** MNIST's training (60000) or test (10000) split from {@code $NABLA_DATA/mnist} (or a system folder: {@link DataPaths#searchPath}). */
    public static ArrayDataset mnist(boolean train) { return load(MNIST, DataPaths.searchPath(MNIST), train); }

    /**
     * Fashion-MNIST's training or test split from {@code $NABLA_DATA/fashion-mnist}, or from
     * {@code /usr/share/datasets/fashion-mnist} where Debian's {@code dataset-fashion-mnist} package installs it.
     */
    public static ArrayDataset fashion(boolean train) { return load(FASHION, DataPaths.searchPath(FASHION), train); }

    /** Loads a split from {@code dir}; the files may be gzip-compressed (.gz) or not. */
    public static ArrayDataset load(String name, Path dir, boolean train) { return load(name, List.of(dir), train); }

    /**
     * Loads a split from the first of {@code dirs} that holds it; when none does, downloads the files into the first
     * (if {@link DataPaths#downloadsAllowed}), else fails naming every folder searched.
     */
    public static ArrayDataset load(String name, List<Path> dirs, boolean train) {
        String prefix = train ? "train" : "t10k", imagesBase = prefix + "-images-idx3-ubyte", labelsBase = prefix + "-labels-idx1-ubyte";
        Path dir = locate(name, dirs, imagesBase, labelsBase);
        try {
            Path images = existing(dir, imagesBase), labels = existing(dir, labelsBase);
            ArrayDataset split = Idx.readImagesAndLabels(name + (train ? "-train" : "-test"), images, labels, 10);
            Path trainImages = train ? null : existing(dir, "train-images-idx3-ubyte");
            if (trainImages != null) {
                // Only the training file's header is read: a model trained on one size cannot take the other.
                int[] own = split.sampleShape(), other = Idx.header(trainImages, Idx.IMAGES_MAGIC);
                if (other.length == 3 && (own[1] != other[1] || own[2] != other[2]))
                    throw new IOException(images + ": the test images are " + own[1] + "x" + own[2] + " pixels but the training images in "
                            + trainImages + " are " + other[1] + "x" + other[2]);
            }
            return split;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The first folder holding both files, or the first folder once the missing files are downloaded into it. */
    private static Path locate(String name, List<Path> dirs, String imagesBase, String labelsBase) {
        for (Path d : dirs) if (existing(d, imagesBase) != null && existing(d, labelsBase) != null) return d;
        Path dir = dirs.getFirst();
        String source = name.equals(FASHION) ? FASHION_URL : MNIST_URL;
        String hint = name.equals(FASHION) ? "; on Debian, `apt-get install dataset-fashion-mnist` installs it in /usr/share/datasets/fashion-mnist" : "";
        if (!(name.equals(MNIST) || name.equals(FASHION))) throw DataPaths.missing(name, dirs, FILES, source);
        if (!DataPaths.downloadsAllowed())
            throw new IllegalStateException(DataPaths.missing(name, dirs, FILES, source).getMessage() + hint + "; downloads are off ("
                    + DataPaths.OFFLINE_ENV + "=1 or -D" + DataPaths.OFFLINE_PROPERTY + "=true)");
        Map<String, String> sums = name.equals(FASHION) ? FASHION_SHA256 : MNIST_SHA256;
        try {
            for (String file : FILES)
                if (existing(dir, file.substring(0, file.length() - 3)) == null)
                    DataPaths.downloader().fetch(URI.create(source + file), dir.resolve(file), sums.get(file));
        } catch (IOException e) {
            IllegalStateException missing = DataPaths.missing(name, dirs, FILES, source);
            throw new IllegalStateException(missing.getMessage() + hint + "; the download failed: " + DataPaths.reason(e), e);
        }
        return dir;
    }

    /** The file {@code base}.gz or {@code base} in {@code dir}, or null. */
    private static Path existing(Path dir, String base) {
        for (String candidate : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
            if (Files.isDirectory(p)) throw new IllegalArgumentException(p + " is a directory, not an IDX file");
        }
        return null;
    }
}

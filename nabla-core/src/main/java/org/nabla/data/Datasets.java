package org.nabla.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nabla.registry.Registry;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/** Helpers over {@link Dataset}s: labels, subsets, in-memory copies. */
public final class Datasets {
    private Datasets() {}

    /**
     * A registered dataset.
     *
     * @param takesPath   whether the name is followed by a location ({@code csv:PATH})
     * @param takesTarget whether a target column can be chosen ({@code --target})
     * @param text        for a text corpus (language models), how to read it from the location (null for a built-in
     *                    one); null for samples with targets
     */
    public record Kind(DatasetSource source, boolean takesPath, boolean takesTarget, java.util.function.Function<String, TextCorpus> text) {
        public Kind(DatasetSource source, boolean takesPath, boolean takesTarget) { this(source, takesPath, takesTarget, null); }

        /** A text corpus: its samples are the language models' to cut (truncated BPTT chunks), not a classifier's. */
        static Kind text(String name, boolean takesPath, java.util.function.Function<String, TextCorpus> read) {
            return new Kind((path, target, train) -> {
                throw new IllegalArgumentException(name + " is a text corpus: train a language model on it (see 'nabla train --help')");
            }, takesPath, false, read);
        }

        public boolean isText() { return text != null; }
    }

    /**
     * The datasets by name: the command line's choices, and the registration point of datasets. The built-in sets
     * come from $NABLA_DATA (the digits are bundled); "csv" and "folder" read the path after the colon.
     */
    public static final Registry<Kind> REGISTRY = new Registry<Kind>("dataset")
            .register("digits", "the bundled 8x8 digits (1,797 images, split 80/20)",
                    new Kind((path, target, train) -> train ? new DatasetSource.Loaded(Digits.load().asDataset(), DatasetSource.indexNames(10)) : null,
                            false, false))
            .register(Mnist.MNIST, "MNIST handwritten digits, 28x28 (from $NABLA_DATA)",
                    new Kind((path, target, train) -> new DatasetSource.Loaded(Mnist.mnist(train), DatasetSource.indexNames(10)), false, false))
            .register(Mnist.FASHION, "Fashion-MNIST clothing, 28x28 (from $NABLA_DATA)",
                    new Kind((path, target, train) -> new DatasetSource.Loaded(Mnist.fashion(train), List.of(Mnist.FASHION_CLASSES)), false, false))
            .register(Cifar10.NAME, "CIFAR-10 colour images, 32x32 (from $NABLA_DATA)",
                    new Kind((path, target, train) -> new DatasetSource.Loaded(Cifar10.load(train), List.of(Cifar10.CLASSES)), false, false))
            .register(HumanDates.NAME, "human-written dates to ISO yyyy-MM-dd (seeded, 20,000 train / 2,000 test; targets: output characters)",
                    new Kind((path, target, train) -> new DatasetSource.Loaded(train ? HumanDates.standard().trainDataset() : HumanDates.standard().testDataset(),
                            HumanDates.outputNames()), false, false))
            .register(org.nabla.data.canvas.DigitCanvases.SEGMENTATION, "64x64 canvases of 1-4 MNIST digits over textured noise; target: a mask per pixel, background + 10 digits (seeded, 10,000 train / 2,000 test)",
                    new Kind((path, target, train) -> new DatasetSource.Loaded(org.nabla.data.canvas.DigitCanvases.mnist(train).segmentation(),
                            org.nabla.data.canvas.DigitCanvases.classNames()), false, false))
            .register(org.nabla.data.detection.MnistDetect.NAME, "the mnist-seg canvases with a box and class per digit (seeded, 10,000 train / 2,000 test; target: [4, 5] rows x1, y1, x2, y2, class)",
                    new Kind((path, target, train) -> new DatasetSource.Loaded(org.nabla.data.detection.MnistDetect.load(train),
                            org.nabla.data.detection.MnistDetect.classNames()), false, false))
            .register("boxes", "boxes:PATH, images with a NAME.json or YOLO NAME.txt box file each (detection; train/ and test/ sub-folders optional)",
                    new Kind((path, target, train) -> {
                        org.nabla.data.detection.BoxFolder.Loaded l = org.nabla.data.detection.BoxFolder.load(java.nio.file.Path.of(path), train);
                        return l == null ? null : new DatasetSource.Loaded(l.data(), l.classNames());
                    }, true, false))
            .register("segfolder", "segfolder:PATH, images/ and masks/ (PNG class ids; classes.txt names them), or train/ and test/ each so (segmentation)",
                    new Kind(Datasets::segfolder, true, false))
            .register("csv", "csv:PATH, a table with a header; --target: classes or values", new Kind(Datasets::csv, true, true))
            .register("folder", "folder:PATH, images in a sub-folder per class",
                    new Kind(Datasets::folder, true, false))
            .register(TextCorpus.TINY_SHAKESPEARE, "Tiny Shakespeare, 1.1 M characters of plays (language models; from $NABLA_DATA)",
                    Kind.text(TextCorpus.TINY_SHAKESPEARE, false, path -> TextCorpus.tinyShakespeare()))
            .register("text", "text:PATH, a UTF-8 text file (language models)", Kind.text("text", true, path -> TextCorpus.load(java.nio.file.Path.of(path))));

    /**
     * A registered dataset by name; a set without an official test split (the digits, a CSV table) returns all its
     * samples for both splits: split it with {@link Splits}.
     */
    public static Dataset load(String name, boolean train) {
        DatasetSource.Loaded l = REGISTRY.get(name).source().load(null, null, train);
        return (l != null ? l : REGISTRY.get(name).source().load(null, null, true)).data();
    }

    private static DatasetSource.Loaded csv(String path, String target, boolean train) {
        if (!train) return null;
        CsvDataset.Table t = CsvDataset.load(java.nio.file.Path.of(path), CsvDataset.Options.defaults().withLabel(target == null ? "-1" : target));
        if (t.regression()) return new DatasetSource.Loaded(t.dataset(), List.of());
        return new DatasetSource.Loaded(t.dataset(), t.classNames().isEmpty() ? DatasetSource.indexNames(numClasses(labels(t.dataset()))) : t.classNames());
    }

    private static DatasetSource.Loaded folder(String path, String target, boolean train) {
        java.nio.file.Path root = java.nio.file.Path.of(path), split = root.resolve(train ? "train" : "test");
        boolean presplit = java.nio.file.Files.isDirectory(root.resolve("train")) && java.nio.file.Files.isDirectory(root.resolve("test"));
        if (!train && !presplit) return null;
        ImageFolder.Result r = ImageFolder.load(presplit ? split : root, ImageFolder.Options.defaults());
        return new DatasetSource.Loaded(r.dataset(), r.classNames());
    }

    private static DatasetSource.Loaded segfolder(String path, String target, boolean train) {
        java.nio.file.Path root = java.nio.file.Path.of(path);
        boolean presplit = SegmentationFolder.presplit(root);
        if (!train && !presplit) return null;
        SegmentationFolder.Result r = SegmentationFolder.load(presplit ? root.resolve(train ? "train" : "test") : root, SegmentationFolder.classNames(root));
        return new DatasetSource.Loaded(r.dataset(), r.classNames());
    }

    /** {@link Dataset#batch}'s default: one input and one target copied sample by sample into one array each. */
    static Batch copyBatch(Dataset d, int[] indices) {
        if (d.inputs().size() != 1 || d.targets().size() != 1)
            throw new UnsupportedOperationException(d + " has " + d.inputs().size() + " inputs and " + d.targets().size()
                    + " targets: it must build its batches itself (override Dataset.batch)");
        int b = indices.length, len = d.sampleLength(), tlen = d.targetLength();
        int[] xs = prepend(b, d.sampleShape()), ys = prepend(b, d.targetShape());
        Tensor x = rows(d.featureType() == DType.INT64, indices, len, xs, d::copyFeatures, d::copyFeatures);
        Tensor y = rows(d.targetType() != DType.FLOAT32, indices, tlen, ys, d::copyTarget, d::copyTarget);
        return new Batch(x, y);
    }

    /** Copies one sample's values into {@code dst[offset ..]}. */
    private interface RowCopy<A> {
        void copy(int index, A dst, int offset);
    }

    /** The rows of {@code indices} stacked into an int64 ({@code integer}) or float32 tensor of {@code shape}. */
    private static Tensor rows(boolean integer, int[] indices, int len, int[] shape, RowCopy<float[]> floats, RowCopy<long[]> longs) {
        if (integer) {
            long[] v = new long[indices.length * len];
            for (int i = 0; i < indices.length; i++) longs.copy(indices[i], v, i * len);
            return Tensor.of(v, shape);
        }
        float[] v = new float[indices.length * len];
        for (int i = 0; i < indices.length; i++) floats.copy(indices[i], v, i * len);
        return Tensor.of(v, shape);
    }

    /** [b, shape...]. */
    static int[] prepend(int b, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = b;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    static void checkIndex(Dataset d, int index) {
        if (index < 0 || index >= d.size())
            throw new IndexOutOfBoundsException(d.getClass().getSimpleName() + ": index " + index + " out of range for size " + d.size());
    }

    /** Every sample's class label, in order. */
    public static long[] labels(Dataset d) {
        long[] y = new long[d.size()];
        for (int i = 0; i < y.length; i++) y[i] = d.label(i);
        return y;
    }

    /** Number of classes: one more than the largest label. */
    public static int numClasses(long[] labels) {
        long max = -1;
        for (long l : labels) {
            if (l < 0) throw new IllegalArgumentException("labels must be non-negative, got " + l);
            max = Math.max(max, l);
        }
        return Math.toIntExact(max + 1);
    }

    /** How many samples each class has. */
    public static int[] classCounts(long[] labels) {
        int[] counts = new int[numClasses(labels)];
        for (long l : labels) counts[(int) l]++;
        return counts;
    }

    /** The samples at {@code indices}, in that order (a view: nothing is copied). */
    public static Dataset subset(Dataset d, int[] indices) {
        for (int i : indices) checkIndex(d, i);
        int[] idx = indices.clone();
        return new Dataset() {
            public int size() { return idx.length; }
            public int[] sampleShape() { return d.sampleShape(); }
            public int[] targetShape() { return d.targetShape(); }
            public DType featureType() { return d.featureType(); }
            public DType targetType() { return d.targetType(); }
            public List<Field> inputs() { return d.inputs(); }
            public List<Field> targets() { return d.targets(); }
            public void copyFeatures(int i, float[] dst, int off) { d.copyFeatures(idx[i], dst, off); }
            public void copyFeatures(int i, long[] dst, int off) { d.copyFeatures(idx[i], dst, off); }
            public long label(int i) { return d.label(idx[i]); }
            public void copyTarget(int i, long[] dst, int off) { d.copyTarget(idx[i], dst, off); }
            public void copyTarget(int i, float[] dst, int off) { d.copyTarget(idx[i], dst, off); }
            public Batch batch(int[] at) {
                int[] mapped = new int[at.length];
                for (int i = 0; i < at.length; i++) mapped[i] = idx[at[i]];
                return d.batch(mapped);
            }
            public String toString() { return "Subset(" + idx.length + " of " + d + ")"; }
        };
    }

    /**
     * The samples of the given classes, relabelled 0..k-1 in the order given ({@code {5, 6, 7, 8, 9}} makes digit 5
     * class 0): a view, nothing is copied. A class that no sample has is an error naming it.
     */
    public static Dataset selectClasses(Dataset d, long[] classes) {
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.length; i++)
            if (index.put(classes[i], i) != null) throw new IllegalArgumentException("selectClasses: class " + classes[i] + " is listed twice");
        long[] labels = labels(d);
        int[] count = new int[classes.length];
        int n = 0;
        for (long l : labels) {
            Integer c = index.get(l);
            if (c != null) {
                count[c]++;
                n++;
            }
        }
        for (int i = 0; i < classes.length; i++)
            if (count[i] == 0) throw new IllegalArgumentException("class " + classes[i] + " has no samples in " + d);
        int[] idx = new int[n];
        long[] relabelled = new long[n];
        for (int i = 0, j = 0; i < labels.length; i++) {
            Integer c = index.get(labels[i]);
            if (c == null) continue;
            idx[j] = i;
            relabelled[j++] = c;
        }
        Dataset kept = subset(d, idx);
        return new Dataset() {
            public int size() { return idx.length; }
            public int[] sampleShape() { return kept.sampleShape(); }
            public DType featureType() { return kept.featureType(); }
            public void copyFeatures(int i, float[] dst, int off) { kept.copyFeatures(i, dst, off); }
            public void copyFeatures(int i, long[] dst, int off) { kept.copyFeatures(i, dst, off); }
            public long label(int i) { return relabelled[i]; }
            public String toString() { return "Classes(" + Arrays.toString(classes) + " of " + d + ")"; }
        };
    }

    /** All features of a FLOAT32 dataset as one [size, sampleLength] row-major array. */
    public static float[] features(Dataset d) {
        int len = d.sampleLength();
        float[] out = new float[Math.multiplyExact(d.size(), len)];
        for (int i = 0; i < d.size(); i++) d.copyFeatures(i, out, i * len);
        return out;
    }

    static String shape(int[] s) { return Arrays.toString(s); }
}

package org.nabla.data;

import java.util.Arrays;
import java.util.List;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/** Helpers over {@link Dataset}s: labels, subsets, in-memory copies. */
public final class Datasets {
    private Datasets() {}

    /** Names accepted by {@link #load}. */
    public static final java.util.List<String> NAMES = java.util.List.of(Mnist.MNIST, Mnist.FASHION, Cifar10.NAME, "digits");

    /**
     * A built-in dataset by name: "mnist", "fashion-mnist", "cifar10" (from $NABLA_DATA) or "digits" (bundled;
     * it has no official test split, so both splits are the whole set: split it with {@link Splits}).
     */
    public static ArrayDataset load(String name, boolean train) {
        return switch (name) {
            case Mnist.MNIST -> Mnist.mnist(train);
            case Mnist.FASHION -> Mnist.fashion(train);
            case Cifar10.NAME -> Cifar10.load(train);
            case "digits" -> Digits.load().asDataset();
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "', expected one of " + NAMES);
        };
    }

    /** The class names of a built-in dataset, index = label ("0".."9" for the digit sets). */
    public static java.util.List<String> classNames(String name) {
        return switch (name) {
            case Mnist.FASHION -> java.util.List.of(Mnist.FASHION_CLASSES);
            case Cifar10.NAME -> java.util.List.of(Cifar10.CLASSES);
            case Mnist.MNIST, "digits" -> java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList();
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "', expected one of " + NAMES);
        };
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

    /** All features of a FLOAT32 dataset as one [size, sampleLength] row-major array. */
    public static float[] features(Dataset d) {
        int len = d.sampleLength();
        float[] out = new float[Math.multiplyExact(d.size(), len)];
        for (int i = 0; i < d.size(); i++) d.copyFeatures(i, out, i * len);
        return out;
    }

    static String shape(int[] s) { return Arrays.toString(s); }
}

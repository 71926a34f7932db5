package org.nabla.data;

import java.util.List;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * A fixed-size, indexable collection of samples. Most samples are one features block of {@link #sampleShape()}
 * and one target of {@link #targetShape()} (empty for a class label): FLOAT32 or INT64 features, INT64 class
 * labels or FLOAT32 targets (regression). Loaders copy samples straight into batch arrays through
 * {@link #copyFeatures} and {@link #copyTarget}, so no per-sample objects are made on the hot path.
 *
 * <p>A sample may also carry several inputs and targets of any dtype ({@link #inputs()}, {@link #targets()}):
 * such a dataset builds whole batches itself by overriding {@link #batch} (as {@link TensorDataset} does). Every
 * loader goes through {@link #batch}; {@link #get} is the convenient, slower view of one sample.
 */
public interface Dataset {
    int size();

    /** Shape of one sample's features, e.g. [1, 28, 28] (its first input's, for a dataset with several). */
    int[] sampleShape();

    /** Shape of one sample's target: [] for a class label, [T] for a sequence of targets. */
    default int[] targetShape() { return new int[0]; }

    /** FLOAT32 for real-valued features, INT64 for token indices (then use the long[] overload). */
    default DType featureType() { return DType.FLOAT32; }

    /** INT64 for class labels and token indices, FLOAT32 for real-valued targets (then use the float[] overload). */
    default DType targetType() { return DType.INT64; }

    /** Writes sample {@code index}'s features to {@code dst[offset ..]} (FLOAT32 datasets). */
    void copyFeatures(int index, float[] dst, int offset);

    /** Writes sample {@code index}'s features to {@code dst[offset ..]} (INT64 datasets). */
    default void copyFeatures(int index, long[] dst, int offset) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has FLOAT32 features");
    }

    /** The class label of sample {@code index} (datasets with a scalar class target). */
    default long label(int index) {
        throw new UnsupportedOperationException(this + " has no class labels (its targets are " + targetType() + " " + Datasets.shape(targetShape()) + ")");
    }

    /** Writes sample {@code index}'s target to {@code dst[offset ..]} (INT64 targets). */
    default void copyTarget(int index, long[] dst, int offset) { dst[offset] = label(index); }

    /** Writes sample {@code index}'s target to {@code dst[offset ..]} (FLOAT32 targets). */
    default void copyTarget(int index, float[] dst, int offset) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has INT64 targets");
    }

    /** Number of feature values per sample. */
    default int sampleLength() { return Math.toIntExact(Datasets.numel(sampleShape())); }

    /** Number of target values per sample. */
    default int targetLength() { return Math.toIntExact(Datasets.numel(targetShape())); }

    /** One tensor of a sample: a name (for messages and for tasks that look a tensor up), its dtype and shape. */
    record Field(String name, DType dtype, int... shape) {
        public Field {
            shape = shape.clone();
        }

        @Override
        public int[] shape() { return shape.clone(); }

        @Override
        public String toString() { return name + " " + dtype + java.util.Arrays.toString(shape); }
    }

    /** The tensors a sample gives the model; by default one, the features. */
    default List<Field> inputs() { return List.of(new Field("x", featureType(), sampleShape())); }

    /** The tensors a sample gives the loss and metrics; by default one, the target. */
    default List<Field> targets() { return List.of(new Field("y", targetType(), targetShape())); }

    /**
     * The samples at {@code indices} as one batch: each field stacked to [B, shape...]. By default copied sample by
     * sample through {@link #copyFeatures} and {@link #copyTarget} (one input, one target); datasets with several
     * inputs or targets override it.
     */
    default Batch batch(int[] indices) { return Datasets.copyBatch(this, indices); }

    /** One sample as tensors (the batch of one, without its batch dimension). */
    default Sample get(int index) {
        Datasets.checkIndex(this, index);
        Batch b = batch(new int[] {index});
        return new Sample(b.inputs().stream().map(t -> t.select(0, 0)).toList(), b.targets().stream().map(t -> t.select(0, 0)).toList());
    }

    /** A sample: its inputs and targets; {@link #x()} and {@link #y()} are the first of each. */
    record Sample(List<Tensor> inputs, List<Tensor> targets) {
        public Sample {
            inputs = List.copyOf(inputs);
            targets = List.copyOf(targets);
        }

        public Sample(Tensor x, Tensor y) { this(List.of(x), List.of(y)); }

        public Tensor x() { return inputs.get(0); }

        public Tensor y() { return targets.get(0); }
    }
}

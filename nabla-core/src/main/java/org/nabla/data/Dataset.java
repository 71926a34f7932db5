package org.nabla.data;

import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * A fixed-size, indexable collection of samples. Each sample is a features block of {@link #sampleShape()}
 * and a target of {@link #targetShape()} (empty for a class label). Loaders copy samples straight into
 * batch arrays through {@link #copyFeatures} and {@link #copyTarget}, so no per-sample objects are made on
 * the hot path; {@link #get} is the convenient, slower view.
 */
public interface Dataset {
    int size();

    /** Shape of one sample's features, e.g. [1, 28, 28]. */
    int[] sampleShape();

    /** Shape of one sample's target: [] for a class label, [T] for a sequence of targets. */
    default int[] targetShape() { return new int[0]; }

    /** FLOAT32 for real-valued features, INT64 for token indices (then use the long[] overload). */
    default DType featureType() { return DType.FLOAT32; }

    /** Writes sample {@code index}'s features to {@code dst[offset ..]} (FLOAT32 datasets). */
    void copyFeatures(int index, float[] dst, int offset);

    /** Writes sample {@code index}'s features to {@code dst[offset ..]} (INT64 datasets). */
    default void copyFeatures(int index, long[] dst, int offset) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has FLOAT32 features");
    }

    /** The class label of sample {@code index} (datasets with a scalar target). */
    long label(int index);

    /** Writes sample {@code index}'s target to {@code dst[offset ..]}. */
    default void copyTarget(int index, long[] dst, int offset) { dst[offset] = label(index); }

    /** Number of feature values per sample. */
    default int sampleLength() { return Math.toIntExact(Datasets.numel(sampleShape())); }

    /** Number of target values per sample. */
    default int targetLength() { return Math.toIntExact(Datasets.numel(targetShape())); }

    /** One sample as tensors: features of {@link #sampleShape()} and a target of {@link #targetShape()}. */
    default Sample get(int index) {
        Datasets.checkIndex(this, index);
        long[] y = new long[targetLength()];
        copyTarget(index, y, 0);
        Tensor x;
        if (featureType() == DType.INT64) {
            long[] v = new long[sampleLength()];
            copyFeatures(index, v, 0);
            x = Tensor.of(v, sampleShape());
        } else {
            float[] v = new float[sampleLength()];
            copyFeatures(index, v, 0);
            x = Tensor.of(v, sampleShape());
        }
        return new Sample(x, Tensor.of(y, targetShape()));
    }

    /** A sample: its features and its target. */
    record Sample(Tensor x, Tensor y) {}
}

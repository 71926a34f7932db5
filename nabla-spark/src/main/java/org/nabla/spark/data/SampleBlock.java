package org.nabla.spark.data;

import java.io.Serializable;
import java.util.Arrays;
import org.nabla.data.ArrayDataset;

/**
 * One Spark partition's samples as Nabla reads them: features of {@code sampleShape} packed row after row in one
 * float array, and a class label each. An RDD of blocks (one per partition) is what the barrier tasks cache.
 */
public record SampleBlock(float[] features, long[] labels, int[] sampleShape) implements Serializable {
    public SampleBlock {
        int length = Arrays.stream(sampleShape).reduce(1, Math::multiplyExact);
        if ((long) labels.length * length != features.length)
            throw new IllegalArgumentException("SampleBlock: " + features.length + " feature values for " + labels.length
                    + " samples of " + Arrays.toString(sampleShape));
    }

    public int size() { return labels.length; }

    /** Its first {@code n} samples (every replica takes as many, so all take the same number of steps). */
    public SampleBlock first(int n) {
        if (n > size()) throw new IllegalArgumentException("SampleBlock: " + n + " samples asked of " + size());
        int length = features.length / Math.max(1, size());
        return new SampleBlock(Arrays.copyOf(features, n * length), Arrays.copyOf(labels, n), sampleShape);
    }

    /** The block as a Nabla dataset (no copy). */
    public ArrayDataset dataset(String name) { return ArrayDataset.ofFloats(name, features, labels, sampleShape); }
}

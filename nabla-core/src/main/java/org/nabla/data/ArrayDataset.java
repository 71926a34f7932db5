package org.nabla.data;

import java.util.Arrays;

/**
 * A dataset held in memory as one array of features and one of labels. Pixels may be kept as unsigned
 * bytes (4x smaller) and are then scaled to [0, 1] as they are copied out, as torchvision's ToTensor does.
 */
public final class ArrayDataset implements Dataset {
    /** b / 255f for every byte value: exact division, at table-lookup speed. */
    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int b = 0; b < 256; b++) BYTE_TO_UNIT[b] = b / 255f;
    }

    private final float[] floats;
    private final byte[] bytes;
    private final long[] labels;
    private final int[] shape;
    private final int length;
    private final String name;

    private ArrayDataset(String name, float[] floats, byte[] bytes, long[] labels, int[] shape) {
        this.name = name;
        this.floats = floats;
        this.bytes = bytes;
        this.labels = labels;
        this.shape = shape.clone();
        this.length = Math.toIntExact(Datasets.numel(shape));
        int n = floats != null ? floats.length : bytes.length;
        if ((long) labels.length * length != n)
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + (long) labels.length * length
                    + " feature values of shape " + Arrays.toString(shape) + ", got " + n);
    }

    /** Float features, {@code labels.length} rows of {@code shape}; the arrays are used as they are (not copied). */
    public static ArrayDataset ofFloats(String name, float[] features, long[] labels, int... shape) {
        return new ArrayDataset(name, features, null, labels, shape);
    }

    /** Unsigned-byte features, read out as value / 255; the arrays are used as they are (not copied). */
    public static ArrayDataset ofBytes(String name, byte[] pixels, long[] labels, int... shape) {
        return new ArrayDataset(name, null, pixels, labels, shape);
    }

    @Override public int size() { return labels.length; }
    @Override public int[] sampleShape() { return shape.clone(); }
    @Override public int sampleLength() { return length; }
    @Override public long label(int index) { return labels[index]; }

    /** The labels array itself (do not modify). */
    public long[] labels() { return labels; }

    @Override
    public void copyFeatures(int index, float[] dst, int offset) {
        int src = index * length;
        if (floats != null) {
            System.arraycopy(floats, src, dst, offset, length);
        } else {
            for (int j = 0; j < length; j++) dst[offset + j] = BYTE_TO_UNIT[bytes[src + j] & 0xFF];
        }
    }

    @Override public String toString() { return name + "(size=" + labels.length + ", sample=" + Arrays.toString(shape) + ")"; }
}

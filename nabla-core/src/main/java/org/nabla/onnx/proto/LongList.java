package org.nabla.onnx.proto;

import java.util.Arrays;

/** A growable list of primitive longs (repeated scalar fields are read into one, then copied out as an array). */
public final class LongList {
    private long[] values = new long[8];
    private int size;

    public void add(long v) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = v;
    }

    public int size() { return size; }

    public long[] toArray() { return Arrays.copyOf(values, size); }

    public int[] toIntArray() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = (int) values[i];
        return out;
    }

    public float[] toFloatArray() {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) out[i] = Float.intBitsToFloat((int) values[i]);
        return out;
    }

    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) out[i] = Double.longBitsToDouble(values[i]);
        return out;
    }
}

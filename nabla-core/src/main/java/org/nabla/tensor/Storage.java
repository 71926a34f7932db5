package org.nabla.tensor;

/**
 * A flat buffer of elements of one dtype. Kernels switch on the concrete type once per op, then run
 * tight loops over the primitive array: never a virtual call per element.
 */
public sealed interface Storage {
    DType dtype();

    int size();

    /** Slow, boxed-free element access for formatting, tests and scalar paths; not for kernels. */
    double getDouble(int index);

    void setDouble(int index, double value);

    static Storage allocate(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> new F32(new float[size]);
            case FLOAT64 -> new F64(new double[size]);
            case INT32 -> new I32(new int[size]);
            case INT64 -> new I64(new long[size]);
        };
    }

    record F32(float[] data) implements Storage {
        public DType dtype() { return DType.FLOAT32; }
        public int size() { return data.length; }
        public double getDouble(int i) { return data[i]; }
        public void setDouble(int i, double v) { data[i] = (float) v; }
    }

    record F64(double[] data) implements Storage {
        public DType dtype() { return DType.FLOAT64; }
        public int size() { return data.length; }
        public double getDouble(int i) { return data[i]; }
        public void setDouble(int i, double v) { data[i] = v; }
    }

    record I32(int[] data) implements Storage {
        public DType dtype() { return DType.INT32; }
        public int size() { return data.length; }
        public double getDouble(int i) { return data[i]; }
        public void setDouble(int i, double v) { data[i] = (int) v; }
    }

    record I64(long[] data) implements Storage {
        public DType dtype() { return DType.INT64; }
        public int size() { return data.length; }
        public double getDouble(int i) { return data[i]; }
        public void setDouble(int i, double v) { data[i] = (long) v; }
    }
}

package org.nabla.tensor;

/** Element types. float32 is the compute type; float64 serves gradient checks and numerics; ints hold indices and labels. */
public enum DType {
    FLOAT32("float32", true, 4),
    FLOAT64("float64", true, 8),
    INT32("int32", false, 4),
    INT64("int64", false, 8);

    private final String label;
    private final boolean floating;
    private final int byteSize;

    DType(String label, boolean floating, int byteSize) {
        this.label = label;
        this.floating = floating;
        this.byteSize = byteSize;
    }

    public boolean isFloating() { return floating; }

    public int byteSize() { return byteSize; }

    /** The type both operands of a binary op are computed in, following PyTorch's promotion lattice. */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.floating || b.floating) {
            if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
            return FLOAT32;
        }
        return INT64;
    }

    @Override
    public String toString() { return label; }
}

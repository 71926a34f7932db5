package org.nabla.backend;

/** Elementwise functions of two tensors. Comparisons yield 1 or 0 in the operands' dtype. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM,
    /** a where b &gt; 0, else 0: ReLU's backward (a the incoming gradient, b the ReLU's output), in one pass. */
    RELU_BACKWARD,
    /** a * GELU'(b) = a (Phi(b) + b phi(b)): GELU's backward (a the incoming gradient, b the GELU's input), in one pass. */
    GELU_BACKWARD,
    EQ, NE, LT, LE, GT, GE;

    public boolean isComparison() { return ordinal() >= EQ.ordinal(); }
}

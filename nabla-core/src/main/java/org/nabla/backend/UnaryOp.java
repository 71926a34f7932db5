package org.nabla.backend;

/** Elementwise functions of one tensor that every backend implements. */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, ABS, SIGN, TANH, SIGMOID, RELU, SIN, COS, FLOOR, CEIL,
    /** The error function: erf(x) = 2/sqrt(pi) times the integral of exp(-t^2) from 0 to x. */
    ERF,
    /** GELU, x Phi(x) (Phi the standard normal CDF, the exact form, not the tanh approximation). */
    GELU
}

package org.nabla.backend;

/** Elementwise functions of one tensor that every backend implements. */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, ABS, SIGN, TANH, SIGMOID, RELU, SIN, COS, FLOOR, CEIL
}

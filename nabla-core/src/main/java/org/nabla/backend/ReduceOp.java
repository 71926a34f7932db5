package org.nabla.backend;

/** Reductions over a set of dims. */
public enum ReduceOp {
    SUM, MAX, MIN
}

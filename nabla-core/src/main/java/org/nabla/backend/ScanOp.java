package org.nabla.backend;

/** Running (cumulative) reductions along one dim. */
public enum ScanOp {
    SUM, PROD
}

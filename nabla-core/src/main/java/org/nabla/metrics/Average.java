package org.nabla.metrics;

/** How per-class precision, recall and F1 combine into one number (scikit-learn's {@code average=}). */
public enum Average {
    /** Unweighted mean over all classes. */
    MACRO,
    /** Computed from the summed true/false positives and false negatives of all classes. */
    MICRO,
    /** Mean over classes weighted by their support (number of true samples). */
    WEIGHTED
}

package org.nabla.spark.train;

import java.io.Serializable;
import org.nabla.data.Normalizer;

/** A fitted {@link Normalizer}'s statistics in a serializable form, to ship to the executors. */
record NormalizerState(Normalizer.Mode mode, boolean perChannel, double[] shift, double[] scale, int[] sampleShape) implements Serializable {
    /** null for null. */
    static NormalizerState of(Normalizer n) {
        return n == null ? null : new NormalizerState(n.mode(), n.perChannel(), n.shift(), n.scale(), n.sampleShape());
    }

    Normalizer normalizer() { return Normalizer.of(mode, perChannel, shift, scale, sampleShape); }
}

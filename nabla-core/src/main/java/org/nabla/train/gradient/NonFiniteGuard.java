package org.nabla.train.gradient;

import java.util.Map;
import org.nabla.tensor.Tensor;
import org.nabla.train.NonFiniteException;

/**
 * Stops the run before the optimizer steps on a gradient holding a NaN or infinity: a {@link NonFiniteException}
 * naming the epoch, the batch, the step, the parameter and its layer, so the weights stay those of the last good
 * step. It runs first in a trainer's chain (after the all-reduce slot), before clipping could spread the NaN.
 */
public final class NonFiniteGuard implements GradientTransform {
    @Override
    public void apply(GradientContext g) {
        for (Map.Entry<String, Tensor> e : g.parameters().entrySet()) {
            Tensor grad = e.getValue().grad();
            if (grad == null) continue;
            Double bad = firstNonFinite(grad);
            if (bad != null) throw NonFiniteException.gradient(g.epoch(), g.batch(), g.step(), e.getKey(), bad);
        }
    }

    /** The first NaN or infinity of {@code t}, or null when all are finite; the sum finds it without a scan when all are finite. */
    public static Double firstNonFinite(Tensor t) {
        if (Double.isFinite(t.sum().item())) return null;
        for (double v : t.toDoubleArray()) if (!Double.isFinite(v)) return v; // the sum may also overflow with finite elements
        return null;
    }

    @Override public String toString() { return "NonFiniteGuard"; }
}

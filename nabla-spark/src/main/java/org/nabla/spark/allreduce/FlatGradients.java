package org.nabla.spark.allreduce;

import java.util.List;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/** A step's gradients as one float32 vector, in the parameters' order (the same on every replica), and back. */
public final class FlatGradients {
    private FlatGradients() {}

    /** The gradients concatenated; refuses non-float32 ones (parameters train in float32). */
    public static float[] flatten(List<Tensor> gradients) {
        int total = 0;
        for (Tensor g : gradients) {
            if (g.dtype() != DType.FLOAT32) throw new IllegalArgumentException("all-reduce: gradients must be float32, got " + g.dtype());
            total += g.numel();
        }
        float[] flat = new float[total];
        int at = 0;
        for (Tensor g : gradients) {
            float[] part = g.toFloatArray();
            System.arraycopy(part, 0, flat, at, part.length);
            at += part.length;
        }
        return flat;
    }

    /** Writes {@code flat} back into the gradients, in place. */
    public static void unflatten(float[] flat, List<Tensor> gradients) {
        int at = 0;
        for (Tensor g : gradients) {
            int n = g.numel();
            float[] part = new float[n];
            System.arraycopy(flat, at, part, 0, n);
            g.copyFrom(Tensor.of(part, g.shape()));
            at += n;
        }
        if (at != flat.length) throw new IllegalStateException("all-reduce: " + flat.length + " values for gradients of " + at);
    }
}

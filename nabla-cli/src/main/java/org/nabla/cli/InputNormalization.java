package org.nabla.cli;

import org.nabla.data.Normalizer;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * A run's fitted input normalisation as a module in front of its model, (x - shift) · scale on batches
 * [N, ...sample shape]: the same float32 operations as {@link Normalizer#apply}, so members of an ensemble, each
 * normalised its own way, read one raw test split and give the outputs {@code nabla eval} gives.
 */
final class InputNormalization extends Module {
    private final Tensor shift, scale;

    InputNormalization(Normalizer n) {
        int[] s = n.sampleShape();
        int len = 1;
        for (int d : s) len *= d;
        int per = n.perChannel() ? len / s[0] : 1;
        double[] sh = n.shift(), sc = n.scale();
        float[] shiftRow = new float[len], scaleRow = new float[len];
        for (int j = 0; j < len; j++) {
            shiftRow[j] = (float) sh[j / per];
            scaleRow[j] = (float) sc[j / per];
        }
        int[] batchShape = new int[s.length + 1];
        batchShape[0] = 1;
        System.arraycopy(s, 0, batchShape, 1, s.length);
        shift = Tensor.of(shiftRow, batchShape);
        scale = Tensor.of(scaleRow, batchShape);
    }

    @Override
    public Tensor forward(Tensor x) { return x.sub(shift).mul(scale); }
}

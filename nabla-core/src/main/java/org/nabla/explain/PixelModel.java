package org.nabla.explain;

import org.nabla.data.Normalizer;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * A classifier that takes pixels (values in [0, 1]): the training's normalisation (x - shift) * scale, then the
 * model. Attributions and attacks work on it, so baselines (a black image), perturbation budgets (ε = 0.1 of the
 * pixel range) and clipping to valid images mean the same for every dataset.
 */
public final class PixelModel extends Module {
    private final Tensor shift, scale;

    /** {@code normalizer} null: the model already takes pixels. */
    public PixelModel(Module model, Normalizer normalizer) {
        registerModule("model", model);
        if (normalizer == null) {
            shift = Tensor.scalar(0);
            scale = Tensor.scalar(1);
        } else {
            int[] s = normalizer.sampleShape();
            int[] shape = normalizer.perChannel() ? channelShape(s) : s;
            shift = Tensor.of(toFloats(normalizer.shift()), shape);
            scale = Tensor.of(toFloats(normalizer.scale()), shape);
        }
    }

    public Module model() { return submodule("model"); }

    /** The model's input for pixels x [N, ...]. */
    public Tensor normalize(Tensor x) { return x.sub(shift).mul(scale); }

    /** The pixels of a normalised input x [N, ...]. */
    public Tensor pixels(Tensor x) { return x.div(scale).add(shift); }

    @Override
    public Tensor forward(Tensor x) { return model().call(normalize(x)); }

    private static int[] channelShape(int[] sample) {
        int[] s = new int[sample.length];
        java.util.Arrays.fill(s, 1);
        s[0] = sample[0];
        return s;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}

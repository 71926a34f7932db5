package org.nabla.data.augment;

import java.util.SplittableRandom;
import org.nabla.tensor.Generator;

/** Adds N(0, std²) noise to every pixel and clamps to [0, 1], like {@code torchvision.transforms.v2.GaussianNoise}. */
public final class GaussianNoise implements Augmentation {
    private final double std;

    public GaussianNoise(double std) {
        if (!(std >= 0) || !Double.isFinite(std))
            throw new IllegalArgumentException("GaussianNoise: std must be finite and non-negative, got " + std);
        this.std = std;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        // Per-pixel draws come from a local stream seeded by one draw of gen: reproducible, and no lock per pixel.
        SplittableRandom r = new SplittableRandom(gen.nextLong());
        // Marsaglia's polar method, two normals per accepted pair: no trigonometry in the per-pixel loop.
        for (int i = off, end = off + c * h * w; i < end; i += 2) {
            double u, v, s;
            do {
                u = 2 * r.nextDouble() - 1;
                v = 2 * r.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double m = std * Math.sqrt(-2 * Math.log(s) / s);
            d[i] = Images.clamp01((float) (d[i] + m * u));
            if (i + 1 < end) d[i + 1] = Images.clamp01((float) (d[i + 1] + m * v));
        }
    }

    @Override
    public String toString() { return "GaussianNoise(std=" + std + ")"; }
}

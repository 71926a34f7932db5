package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/**
 * Blends with the grayscale image by a random factor: {@code adjust_saturation}; the identity on
 * 1-channel images (the factor is still drawn, so the random stream does not depend on the channel count).
 * The factor is drawn uniformly from [max(0, 1 - j), 1 + j] for a jitter j, or from an explicit [min, max], as in
 * {@code torchvision.transforms.ColorJitter}; the result is clamped to [0, 1]. Needs 1 or 3 channels.
 */
public final class Saturation implements Augmentation {
    private final double min, max;

    /** Jitter j: factor in [max(0, 1 - j), 1 + j]. */
    public Saturation(double jitter) {
        if (!(jitter >= 0) || !Double.isFinite(jitter))
            throw new IllegalArgumentException("Saturation: jitter must be finite and non-negative, got " + jitter);
        this(Math.max(0, 1 - jitter), 1 + jitter);
    }

    public Saturation(double min, double max) {
        Images.checkRange("Saturation", "factor", min, max);
        if (min < 0) throw new IllegalArgumentException("Saturation: factor must be non-negative, got [" + min + ", " + max + "]");
        this.min = min;
        this.max = max;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        Images.checkColour("Saturation", c);
        adjust(d, off, c, h, w, (float) Images.uniform(gen, min, max));
    }

    /** The functional form with a given factor, in place. */
    static void adjust(float[] d, int off, int c, int h, int w, float factor) {
        if (c == 1) return;
        int plane = h * w;
        float[] g = new float[plane];
        Images.grayscale(d, off, c, plane, g);
        Images.blend(d, off, c, plane, factor, g);
    }

    @Override
    public String toString() { return "Saturation(saturation=[" + min + ", " + max + "])"; }
}

package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/**
 * Multiplies by a random factor: {@code adjust_brightness}, a blend with black.
 * The factor is drawn uniformly from [max(0, 1 - j), 1 + j] for a jitter j, or from an explicit [min, max], as in
 * {@code torchvision.transforms.ColorJitter}; the result is clamped to [0, 1]. Needs 1 or 3 channels.
 */
public final class Brightness implements Augmentation {
    private final double min, max;

    /** Jitter j: factor in [max(0, 1 - j), 1 + j]. */
    public Brightness(double jitter) {
        if (!(jitter >= 0) || !Double.isFinite(jitter))
            throw new IllegalArgumentException("Brightness: jitter must be finite and non-negative, got " + jitter);
        this(Math.max(0, 1 - jitter), 1 + jitter);
    }

    public Brightness(double min, double max) {
        Images.checkRange("Brightness", "factor", min, max);
        if (min < 0) throw new IllegalArgumentException("Brightness: factor must be non-negative, got [" + min + ", " + max + "]");
        this.min = min;
        this.max = max;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        Images.checkColour("Brightness", c);
        adjust(d, off, c, h, w, (float) Images.uniform(gen, min, max));
    }

    /** The functional form with a given factor, in place. */
    static void adjust(float[] d, int off, int c, int h, int w, float factor) {
        for (int i = off, end = off + c * h * w; i < end; i++) d[i] = Images.clamp01(factor * d[i]);
    }

    @Override
    public String toString() { return "Brightness(brightness=[" + min + ", " + max + "])"; }
}

package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/**
 * A colour adjustment by a random factor, drawn as {@code torchvision.transforms.ColorJitter} draws it: uniformly
 * from [max(0, 1 - j), 1 + j] for a jitter j, or from an explicit non-negative [min, max]. Subclasses give the
 * adjustment for one factor ({@code adjust_brightness}, {@code adjust_contrast}, {@code adjust_saturation}); the
 * result is clamped to [0, 1]. Needs 1 or 3 channels.
 */
abstract sealed class ColorFactor implements Augmentation permits Brightness, Contrast, Saturation {
    private final String name;
    private final double min, max;

    /** Jitter j: factor in [max(0, 1 - j), 1 + j]. */
    ColorFactor(String name, double jitter) {
        if (!(jitter >= 0) || !Double.isFinite(jitter))
            throw new IllegalArgumentException(name + ": jitter must be finite and non-negative, got " + jitter);
        this(name, Math.max(0, 1 - jitter), 1 + jitter);
    }

    ColorFactor(String name, double min, double max) {
        Images.checkRange(name, "factor", min, max);
        if (min < 0) throw new IllegalArgumentException(name + ": factor must be non-negative, got [" + min + ", " + max + "]");
        this.name = name;
        this.min = min;
        this.max = max;
    }

    @Override
    public final void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        Images.checkColour(name, c);
        apply(d, off, c, h, w, (float) Images.uniform(gen, min, max));
    }

    /** The adjustment with a given factor, in place. */
    abstract void apply(float[] d, int off, int c, int h, int w, float factor);

    @Override
    public final String toString() { return name + "(" + name.toLowerCase(java.util.Locale.ROOT) + "=[" + min + ", " + max + "])"; }
}

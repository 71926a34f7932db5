package org.nabla.data.augment;

/**
 * Multiplies by a random factor: {@code adjust_brightness}, a blend with black.
 * The factor is drawn as {@link ColorFactor} says (torchvision's {@code ColorJitter}).
 */
public final class Brightness extends ColorFactor {
    /** Jitter j: factor in [max(0, 1 - j), 1 + j]. */
    public Brightness(double jitter) { super("Brightness", jitter); }

    public Brightness(double min, double max) { super("Brightness", min, max); }

    @Override
    void apply(float[] d, int off, int c, int h, int w, float factor) { adjust(d, off, c, h, w, factor); }

    /** The functional form with a given factor, in place. */
    static void adjust(float[] d, int off, int c, int h, int w, float factor) {
        for (int i = off, end = off + c * h * w; i < end; i++) d[i] = Images.clamp01(factor * d[i]);
    }
}

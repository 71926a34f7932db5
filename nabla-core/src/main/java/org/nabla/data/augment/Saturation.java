package org.nabla.data.augment;

/**
 * Blends with the grayscale image by a random factor: {@code adjust_saturation}; the identity on
 * 1-channel images (the factor is still drawn, so the random stream does not depend on the channel count).
 * The factor is drawn as {@link ColorFactor} says (torchvision's {@code ColorJitter}).
 */
public final class Saturation extends ColorFactor {
    /** Jitter j: factor in [max(0, 1 - j), 1 + j]. */
    public Saturation(double jitter) { super("Saturation", jitter); }

    public Saturation(double min, double max) { super("Saturation", min, max); }

    @Override
    void apply(float[] d, int off, int c, int h, int w, float factor) { adjust(d, off, c, h, w, factor); }

    /** The functional form with a given factor, in place. */
    static void adjust(float[] d, int off, int c, int h, int w, float factor) {
        if (c == 1) return;
        int plane = h * w;
        float[] g = new float[plane];
        Images.grayscale(d, off, c, plane, g);
        Images.blend(d, off, c, plane, factor, g);
    }
}

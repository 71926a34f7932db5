package org.nabla.data.augment;

import java.util.Arrays;

/**
 * Blends with the mean of the grayscale image by a random factor: {@code adjust_contrast}.
 * The factor is drawn as {@link ColorFactor} says (torchvision's {@code ColorJitter}).
 */
public final class Contrast extends ColorFactor {
    /** Jitter j: factor in [max(0, 1 - j), 1 + j]. */
    public Contrast(double jitter) { super("Contrast", jitter); }

    public Contrast(double min, double max) { super("Contrast", min, max); }

    @Override
    void apply(float[] d, int off, int c, int h, int w, float factor) { adjust(d, off, c, h, w, factor); }

    /** The functional form with a given factor, in place. */
    static void adjust(float[] d, int off, int c, int h, int w, float factor) {
        int plane = h * w;
        float[] g = new float[plane];
        Images.grayscale(d, off, c, plane, g);
        double sum = 0;
        for (int i = 0; i < plane; i++) sum += g[i];
        Arrays.fill(g, (float) (sum / plane));
        Images.blend(d, off, c, plane, factor, g);
    }
}

package org.nabla.data.augment;

import java.util.Arrays;
import org.nabla.tensor.Generator;

/**
 * Blends with the mean of the grayscale image by a random factor: {@code adjust_contrast}.
 * The factor is drawn uniformly from [max(0, 1 - j), 1 + j] for a jitter j, or from an explicit [min, max], as in
 * {@code torchvision.transforms.ColorJitter}; the result is clamped to [0, 1]. Needs 1 or 3 channels.
 */
public final class Contrast implements Augmentation {
    private final double min, max;

    /** Jitter j: factor in [max(0, 1 - j), 1 + j]. */
    public Contrast(double jitter) {
        if (!(jitter >= 0) || !Double.isFinite(jitter))
            throw new IllegalArgumentException("Contrast: jitter must be finite and non-negative, got " + jitter);
        this(Math.max(0, 1 - jitter), 1 + jitter);
    }

    public Contrast(double min, double max) {
        Images.checkRange("Contrast", "factor", min, max);
        if (min < 0) throw new IllegalArgumentException("Contrast: factor must be non-negative, got [" + min + ", " + max + "]");
        this.min = min;
        this.max = max;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        Images.checkColour("Contrast", c);
        adjust(d, off, c, h, w, (float) Images.uniform(gen, min, max));
    }

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

    @Override
    public String toString() { return "Contrast(contrast=[" + min + ", " + max + "])"; }
}

package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/**
 * Shifts each image by a whole number of pixels drawn like {@code RandomAffine(degrees=0, translate=(fx, fy))}:
 * tx = round(U(-fx * W, fx * W)), then ty = round(U(-fy * H, fy * H)); uncovered pixels become 0.
 */
public final class Translate implements Augmentation {
    private final double fx, fy;

    public Translate(double fraction) { this(fraction, fraction); }

    public Translate(double fx, double fy) {
        if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1))
            throw new IllegalArgumentException("Translate: fractions must be in [0, 1], got (" + fx + ", " + fy + ")");
        this.fx = fx;
        this.fy = fy;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        double mx = fx * w, my = fy * h;
        // Math.rint rounds half to even, as Python's round() does.
        int tx = (int) Math.rint(Images.uniform(gen, -mx, mx));
        int ty = (int) Math.rint(Images.uniform(gen, -my, my));
        Images.shift(d, off, c, h, w, tx, ty);
    }

    @Override
    public String toString() { return "Translate(translate=(" + fx + ", " + fy + "))"; }
}

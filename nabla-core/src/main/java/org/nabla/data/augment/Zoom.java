package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/**
 * Scales each image about its centre by a factor drawn uniformly from [min, max], as the {@code scale} of
 * {@code torchvision.transforms.RandomAffine}: above 1 zooms in, below 1 zooms out (zero fill); bilinear sampling.
 */
public final class Zoom implements Augmentation {
    private final double min, max;

    public Zoom(double min, double max) {
        Images.checkRange("Zoom", "scale", min, max);
        if (!(min > 0)) throw new IllegalArgumentException("Zoom: scale must be positive, got [" + min + ", " + max + "]");
        this.min = min;
        this.max = max;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        double inv = 1 / Images.uniform(gen, min, max);
        Images.affine(d, off, c, h, w, inv, 0, 0, inv);
    }

    @Override
    public String toString() { return "Zoom(scale=(" + min + ", " + max + "))"; }
}

package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/** Mirrors each image left-right with probability p, like {@code torchvision.transforms.RandomHorizontalFlip}. */
public final class HorizontalFlip implements Augmentation {
    private final double p;

    public HorizontalFlip() { this(0.5); }

    public HorizontalFlip(double p) {
        Images.checkProbability("HorizontalFlip", p);
        this.p = p;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        if (!(gen.nextDouble() < p)) return;
        for (int row = off, end = off + c * h * w; row < end; row += w)
            for (int i = row, j = row + w - 1; i < j; i++, j--) {
                float t = d[i];
                d[i] = d[j];
                d[j] = t;
            }
    }

    @Override
    public String toString() { return "HorizontalFlip(p=" + p + ")"; }
}

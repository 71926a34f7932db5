package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/** Mirrors each image top-bottom with probability p, like {@code torchvision.transforms.RandomVerticalFlip}. */
public final class VerticalFlip implements Augmentation {
    private final double p;

    public VerticalFlip() { this(0.5); }

    public VerticalFlip(double p) {
        Images.checkProbability("VerticalFlip", p);
        this.p = p;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        if (!(gen.nextDouble() < p)) return;
        for (int ch = 0; ch < c; ch++) {
            int base = off + ch * h * w;
            for (int top = 0, bottom = h - 1; top < bottom; top++, bottom--) {
                int a = base + top * w, b = base + bottom * w;
                for (int x = 0; x < w; x++) {
                    float t = d[a + x];
                    d[a + x] = d[b + x];
                    d[b + x] = t;
                }
            }
        }
    }

    @Override
    public String toString() { return "VerticalFlip(p=" + p + ")"; }
}

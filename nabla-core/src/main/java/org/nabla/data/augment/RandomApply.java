package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/** Applies a transform to each image with probability {@code p}, like {@code torchvision.transforms.RandomApply}. */
public final class RandomApply implements Augmentation {
    private final Augmentation inner;
    private final double p;

    public RandomApply(Augmentation inner, double p) {
        if (inner == null) throw new IllegalArgumentException("RandomApply: null transform");
        Images.checkProbability("RandomApply", p);
        this.inner = inner;
        this.p = p;
    }

    @Override
    public void transform(float[] data, int offset, int c, int h, int w, Generator gen) {
        // One draw per image even when p is 0 or 1, so the stream does not depend on p's value.
        if (gen.nextDouble() < p) inner.transform(data, offset, c, h, w, gen);
    }

    @Override
    public String toString() { return "RandomApply(p=" + p + ", " + inner + ")"; }
}

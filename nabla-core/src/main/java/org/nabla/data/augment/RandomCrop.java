package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/**
 * Pads each side with {@code padding} zeros and crops back to the original size at a random offset: the CIFAR
 * recipe {@code RandomCrop(size, padding=4)}. The offsets are drawn like torchvision's, top = randint(0, 2p + 1)
 * then left = randint(0, 2p + 1), and the crop equals a shift by (p - left, p - top) with zero fill.
 */
public final class RandomCrop implements Augmentation {
    private final int padding;

    public RandomCrop(int padding) {
        if (padding < 0) throw new IllegalArgumentException("RandomCrop: padding must be non-negative, got " + padding);
        this.padding = padding;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        int top = Images.randint(gen, 0, 2 * padding + 1), left = Images.randint(gen, 0, 2 * padding + 1);
        Images.shift(d, off, c, h, w, padding - left, padding - top);
    }

    @Override
    public String toString() { return "RandomCrop(padding=" + padding + ")"; }
}

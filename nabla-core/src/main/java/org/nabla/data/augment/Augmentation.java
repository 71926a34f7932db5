package org.nabla.data.augment;

import java.util.Arrays;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A random image transform applied on the fly to training data.
 *
 * <p>Convention: images are float tensors laid out {@code [C, H, W]} (one image) or {@code [N, C, H, W]} (a batch),
 * channels first as in torchvision, with values in [0, 1]. Colour transforms expect 1 (grayscale) or 3 (RGB)
 * channels. Each image of a batch draws its own random parameters from the {@link Generator}, in batch order, so
 * a run seeded the same way sees the same augmented images.
 *
 * <p>Implementations work on one image at a time, in place, on a primitive array: {@link #transform} is called
 * once per image, never per pixel.
 */
public interface Augmentation {
    /**
     * Transforms one image in place: {@code data[offset, offset + c * h * w)} holds it laid out [C, H, W].
     */
    void transform(float[] data, int offset, int c, int h, int w, Generator gen);

    /** Returns an augmented float32 copy of {@code images} ([C, H, W] or [N, C, H, W]); the input is unchanged. */
    default Tensor apply(Tensor images, Generator gen) {
        int[] shape = images.shape();
        if (shape.length != 3 && shape.length != 4)
            throw new IllegalArgumentException(this + ": expected an image [C, H, W] or a batch [N, C, H, W], got "
                    + Arrays.toString(shape));
        int r = shape.length;
        int c = shape[r - 3], h = shape[r - 2], w = shape[r - 1];
        float[] data = images.toFloatArray();
        int size = c * h * w;
        for (int off = 0; off + size <= data.length && size > 0; off += size) transform(data, off, c, h, w, gen);
        return Tensor.of(data, shape);
    }

    /** Augments every image of a batch stored flat as {@code n} images [C, H, W] in {@code data}, in place. */
    default void applyInPlace(float[] data, int c, int h, int w, Generator gen) {
        int size = c * h * w;
        if (size <= 0 || data.length % size != 0)
            throw new IllegalArgumentException(this + ": array of length " + data.length
                    + " does not hold whole images of [" + c + ", " + h + ", " + w + "]");
        for (int off = 0; off < data.length; off += size) transform(data, off, c, h, w, gen);
    }
}

package org.nabla.train.task;

import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The noise a denoising autoencoder learns to remove from pixels in [0, 1]: additive Gaussian noise of standard
 * deviation {@code level} (clamped back to [0, 1]), or masking noise that zeroes each pixel with probability
 * {@code level}; {@link #NONE} leaves the input as it is.
 */
public record Corruption(Kind kind, double level) {
    public enum Kind { NONE, GAUSSIAN, MASKING }

    public static final Corruption NONE = new Corruption(Kind.NONE, 0);

    public Corruption {
        if (kind == Kind.GAUSSIAN && !(level > 0)) throw new IllegalArgumentException("gaussian noise needs a standard deviation > 0, got " + level);
        if (kind == Kind.MASKING && !(level > 0 && level < 1)) throw new IllegalArgumentException("masking noise needs a probability in (0, 1), got " + level);
    }

    public static Corruption gaussian(double sigma) { return new Corruption(Kind.GAUSSIAN, sigma); }

    public static Corruption masking(double p) { return new Corruption(Kind.MASKING, p); }

    /** {@code x} corrupted with draws from {@code gen}. */
    public Tensor apply(Tensor x, Generator gen) {
        return switch (kind) {
            case NONE -> x;
            case GAUSSIAN -> x.add(Tensor.randn(gen, x.shape()).mul(level)).clamp(0, 1);
            case MASKING -> x.mul(Tensor.rand(gen, x.shape()).ge(level).to(x.dtype()));
        };
    }

    @Override
    public String toString() { return kind == Kind.NONE ? "none" : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + level; }
}

package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/**
 * Rotates each image about its centre by an angle drawn uniformly from [-degrees, degrees], counter-clockwise for
 * positive angles as in {@code torchvision.transforms.RandomRotation}, with bilinear sampling and zero fill
 * (torchvision's default interpolation is nearest; bilinear keeps thin strokes smooth).
 */
public final class Rotate implements Augmentation {
    private final double degrees;

    public Rotate(double degrees) {
        if (!(degrees >= 0) || !Double.isFinite(degrees))
            throw new IllegalArgumentException("Rotate: degrees must be finite and non-negative, got " + degrees);
        this.degrees = degrees;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        rotate(d, off, c, h, w, Images.uniform(gen, -degrees, degrees));
    }

    /** Rotates one image in place by {@code angle} degrees counter-clockwise (y axis pointing down). */
    static void rotate(float[] d, int off, int c, int h, int w, double angle) {
        double t = Math.toRadians(angle), cos = Math.cos(t), sin = Math.sin(t);
        // Inverse map: the output pixel at offset (dx, dy) reads the input at R(-angle) (dx, dy) in screen axes.
        Images.affine(d, off, c, h, w, cos, -sin, sin, cos);
    }

    @Override
    public String toString() { return "Rotate(degrees=[" + -degrees + ", " + degrees + "])"; }
}

package org.nabla.nn;

import java.util.Arrays;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * Resizes [n, c, h, w] (or [c, h, w]) images, like {@code torch.nn.Upsample}, to a size or by a scale factor
 * (output floor(in * factor)). Modes: "nearest" (PyTorch's legacy nearest: source index floor(dst * in / out),
 * with 1 / factor as the ratio when a factor is given) and "bilinear" (align_corners false by default: pixel
 * centres are aligned; true: corner pixels are). Delegates to {@link F#interpolate}.
 */
public final class Upsample extends Module {
    private final int[] size;
    private final double[] scaleFactor;
    private final String mode;
    private final boolean alignCorners;

    /** Nearest upsampling by factor. */
    public Upsample(double scaleFactor) { this(null, new double[] {scaleFactor}, "nearest", false); }

    public Upsample(double scaleFactor, String mode) { this(null, new double[] {scaleFactor}, mode, false); }

    /**
     * Exactly one of size ({h, w} or one value for both) and scaleFactor (likewise) is non-null; mode is "nearest"
     * or "bilinear"; alignCorners may only be true with bilinear.
     */
    public Upsample(int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
        if ((size == null) == (scaleFactor == null))
            throw new IllegalArgumentException("Upsample: give either a size or a scale factor, not " + (size == null ? "neither" : "both"));
        if (!"nearest".equals(mode) && !"bilinear".equals(mode))
            throw new IllegalArgumentException("Upsample: mode must be 'nearest' or 'bilinear', got '" + mode + "'");
        if (alignCorners && !mode.equals("bilinear"))
            throw new IllegalArgumentException("Upsample: align_corners can only be set with the interpolating mode 'bilinear'");
        if (size != null && (size.length < 1 || size.length > 2 || Arrays.stream(size).anyMatch(s -> s <= 0)))
            throw new IllegalArgumentException("Upsample: size must be 1 or 2 positive values, got " + Arrays.toString(size));
        if (scaleFactor != null && (scaleFactor.length < 1 || scaleFactor.length > 2
                || Arrays.stream(scaleFactor).anyMatch(s -> !(s > 0) || Double.isInfinite(s))))
            throw new IllegalArgumentException("Upsample: scale factor must be 1 or 2 positive values, got " + Arrays.toString(scaleFactor));
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    /** Resizes to h x w. */
    public static Upsample toSize(int h, int w, String mode, boolean alignCorners) { return new Upsample(new int[] {h, w}, null, mode, alignCorners); }

    /** Scales height and width by their factors. */
    public static Upsample byScale(double h, double w, String mode, boolean alignCorners) {
        return new Upsample(null, new double[] {h, w}, mode, alignCorners);
    }

    @Override
    public Tensor forward(Tensor x) {
        Pairs.checkImage(this, x);
        return named(() -> size != null ? F.interpolate(x, size, mode, alignCorners) : F.interpolate(x, scaleFactor, mode, alignCorners));
    }

    /** PyTorch's repr: "scale_factor=2.0, mode=nearest" or "size=(4, 5), mode=bilinear". */
    @Override
    protected String extraRepr() {
        String info;
        if (scaleFactor != null) {
            info = "scale_factor=" + (scaleFactor.length == 1 ? Double.toString(scaleFactor[0]) : "(" + scaleFactor[0] + ", " + scaleFactor[1] + ")");
        } else {
            info = "size=" + (size.length == 1 ? Integer.toString(size[0]) : ConvNd.tuple(size));
        }
        return info + ", mode=" + mode;
    }
}

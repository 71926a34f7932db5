package org.nabla.nn;

/** Pads the last two dims of [N, C, H, W] or [C, H, W] with their mirror image, edge excluded (2 1 | 0 1 2 | 1 0), like {@code torch.nn.ReflectionPad2d}. */
public final class ReflectionPad2d extends PadNd {
    /** padding: one value for every side, or {left, right, top, bottom}; each smaller than the padded size. */
    public ReflectionPad2d(int... padding) { super("ReflectionPad2d", 2, padding, "reflect", 0); }
}

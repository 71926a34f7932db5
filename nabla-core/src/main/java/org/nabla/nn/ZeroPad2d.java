package org.nabla.nn;

/** Pads the last two dims of [N, C, H, W] or [C, H, W] with zeros, like {@code torch.nn.ZeroPad2d}. */
public final class ZeroPad2d extends PadNd {
    /** padding: one value for every side, or {left, right, top, bottom}. */
    public ZeroPad2d(int... padding) { super("ZeroPad2d", 2, padding, "constant", 0); }
}

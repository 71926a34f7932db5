package org.nabla.nn;

/** Pads the last two dims of [N, C, H, W] or [C, H, W] with a constant, like {@code torch.nn.ConstantPad2d}. */
public final class ConstantPad2d extends PadNd {
    /** The same padding on every side. */
    public ConstantPad2d(int padding, double value) { this(new int[] {padding}, value); }

    /** padding: one value for every side, or {left, right, top, bottom}. */
    public ConstantPad2d(int[] padding, double value) { super("ConstantPad2d", 2, padding, "constant", value); }
}

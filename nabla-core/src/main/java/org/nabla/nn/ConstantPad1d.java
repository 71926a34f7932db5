package org.nabla.nn;

/** Pads the last dim of [N, C, L] or [C, L] with a constant, like {@code torch.nn.ConstantPad1d}. */
public final class ConstantPad1d extends PadNd {
    /** The same padding on every side. */
    public ConstantPad1d(int padding, double value) { this(new int[] {padding}, value); }

    /** padding: one value for every side, or {left, right}. */
    public ConstantPad1d(int[] padding, double value) { super("ConstantPad1d", 1, padding, "constant", value); }
}

package org.nabla.nn;

/** Pads the last dim of [N, C, L] or [C, L] with its mirror image, edge excluded (2 1 | 0 1 2 | 1 0), like {@code torch.nn.ReflectionPad1d}. */
public final class ReflectionPad1d extends PadNd {
    /** padding: one value for every side, or {left, right}; each smaller than the length. */
    public ReflectionPad1d(int... padding) { super("ReflectionPad1d", 1, padding, "reflect", 0); }
}

package org.nabla.nn;

/** Pads the last dim of [N, C, L] or [C, L] by repeating its edge values (0 0 | 0 1 2 | 2 2), like {@code torch.nn.ReplicationPad1d}. */
public final class ReplicationPad1d extends PadNd {
    /** padding: one value for every side, or {left, right}. */
    public ReplicationPad1d(int... padding) { super("ReplicationPad1d", 1, padding, "replicate", 0); }
}

package org.nabla.nn;

/** Pads the last two dims of [N, C, H, W] or [C, H, W] by repeating their edge values (0 0 | 0 1 2 | 2 2), like {@code torch.nn.ReplicationPad2d}. */
public final class ReplicationPad2d extends PadNd {
    /** padding: one value for every side, or {left, right, top, bottom}. */
    public ReplicationPad2d(int... padding) { super("ReplicationPad2d", 2, padding, "replicate", 0); }
}

package org.nabla.backend;

/**
 * The geometry of a 2-D convolution: input [n, c, h, w], weight [o, c/groups, kh, kw], output [n, o, outH, outW].
 * Padding is zero padding added to both sides.
 */
public record Conv2dSpec(int n, int c, int h, int w, int o, int kh, int kw,
                         int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    public int outH() { return (h + 2 * padH - dilationH * (kh - 1) - 1) / strideH + 1; }

    public int outW() { return (w + 2 * padW - dilationW * (kw - 1) - 1) / strideW + 1; }

    /** Input channels per group. */
    public int cg() { return c / groups; }

    /** Output channels per group. */
    public int og() { return o / groups; }

    /** Rows of the im2col matrix: one per (input channel of a group, kernel row, kernel column). */
    public int patch() { return cg() * kh * kw; }
}

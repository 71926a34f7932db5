package org.nabla.backend;

/** The geometry of 2-D pooling over input [n, c, h, w] with a kh x kw window; padded cells never win or count. */
public record PoolSpec(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW, int padH, int padW,
                       boolean ceilMode) {

    public int outH() { return outSize(h, kh, strideH, padH); }

    public int outW() { return outSize(w, kw, strideW, padW); }

    /** PyTorch's rule: in ceil mode a last window must still start inside the input or its left padding. */
    private int outSize(int in, int k, int s, int p) {
        int span = in + 2 * p - k;
        int out = (ceilMode ? Math.ceilDiv(span, s) : Math.floorDiv(span, s)) + 1;
        if (ceilMode && (out - 1) * s >= in + p) out--;
        return out;
    }
}

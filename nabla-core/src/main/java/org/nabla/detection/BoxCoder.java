package org.nabla.detection;

import org.nabla.tensor.Tensor;

/**
 * Box regression targets against reference boxes (anchors), as torchvision's BoxCoder: a box is coded by its
 * centre's offset in units of the anchor's size and the log of its size ratio, each scaled by a weight.
 *
 * @param weights    (wx, wy, ww, wh)
 * @param sizeClip   the largest log size ratio decoded (log(1000 / 16) by default), so exp cannot overflow
 */
public record BoxCoder(double[] weights, double sizeClip) {
    public static final double DEFAULT_SIZE_CLIP = Math.log(1000.0 / 16);

    public BoxCoder {
        if (weights.length != 4) throw new IllegalArgumentException("BoxCoder: 4 weights (wx, wy, ww, wh), got " + weights.length);
        weights = weights.clone();
    }

    public BoxCoder(double wx, double wy, double ww, double wh) { this(new double[] {wx, wy, ww, wh}, DEFAULT_SIZE_CLIP); }

    @Override
    public double[] weights() { return weights.clone(); }

    /** The codes [N, 4] of boxes [N, 4] against their anchors [N, 4] (torchvision's encode_single). */
    public Tensor encode(Tensor boxes, Tensor anchors) {
        Boxes.check("BoxCoder.encode", boxes);
        Boxes.check("BoxCoder.encode", anchors);
        Tensor[] a = centres(anchors), g = centres(boxes);
        Tensor dx = g[0].sub(a[0]).mul(weights[0]).div(a[2]);
        Tensor dy = g[1].sub(a[1]).mul(weights[1]).div(a[3]);
        Tensor dw = g[2].div(a[2]).log().mul(weights[2]);
        Tensor dh = g[3].div(a[3]).log().mul(weights[3]);
        return Tensor.stack(java.util.List.of(dx, dy, dw, dh), 1);
    }

    /** The boxes [N, 4] that codes [N, 4] give against anchors [N, 4] (torchvision's decode_single). */
    public Tensor decode(Tensor codes, Tensor anchors) {
        Boxes.check("BoxCoder.decode", codes);
        Boxes.check("BoxCoder.decode", anchors);
        Tensor[] a = centres(anchors);
        Tensor dx = codes.select(1, 0).div(weights[0]), dy = codes.select(1, 1).div(weights[1]);
        Tensor dw = codes.select(1, 2).div(weights[2]).clampMax(sizeClip), dh = codes.select(1, 3).div(weights[3]).clampMax(sizeClip);
        Tensor cx = dx.mul(a[2]).add(a[0]), cy = dy.mul(a[3]).add(a[1]);
        Tensor halfW = dw.exp().mul(a[2]).mul(0.5), halfH = dh.exp().mul(a[3]).mul(0.5);
        return Tensor.stack(java.util.List.of(cx.sub(halfW), cy.sub(halfH), cx.add(halfW), cy.add(halfH)), 1);
    }

    /** Centre x, centre y, width, height of boxes [N, 4]. */
    private static Tensor[] centres(Tensor b) {
        Tensor w = b.select(1, 2).sub(b.select(1, 0)), h = b.select(1, 3).sub(b.select(1, 1));
        return new Tensor[] {b.select(1, 0).add(w.mul(0.5)), b.select(1, 1).add(h.mul(0.5)), w, h};
    }
}

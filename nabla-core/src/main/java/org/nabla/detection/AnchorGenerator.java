package org.nabla.detection;

import java.util.Arrays;
import org.nabla.tensor.Tensor;

/**
 * Anchors over feature-map grids, as torchvision's AnchorGenerator: per feature map a set of sizes and aspect ratios
 * (height / width) gives base anchors centred on 0 (rounded half to even), and these are shifted to every cell of the
 * grid, stride = image size / grid size (integer division). Anchors are ordered by cell (row-major), then ratio,
 * then size. {@code offset} shifts the centres by that fraction of a stride: 0 as torchvision (cell corners), 0.5
 * for centred cells (SSD's default boxes).
 *
 * @param sizes  per feature map, the anchor sizes (square root of the area)
 * @param ratios per feature map, the aspect ratios
 */
public record AnchorGenerator(double[][] sizes, double[][] ratios, double offset) {
    public AnchorGenerator {
        if (sizes.length == 0 || sizes.length != ratios.length)
            throw new IllegalArgumentException("AnchorGenerator: one list of sizes and one of ratios per feature map, got " + sizes.length + " and " + ratios.length);
        sizes = Arrays.stream(sizes).map(double[]::clone).toArray(double[][]::new);
        ratios = Arrays.stream(ratios).map(double[]::clone).toArray(double[][]::new);
    }

    public AnchorGenerator(double[][] sizes, double[][] ratios) { this(sizes, ratios, 0); }

    /** Anchors per cell of feature map {@code level}. */
    public int anchorsPerCell(int level) { return sizes[level].length * ratios[level].length; }

    /**
     * The anchors [sum of gridH * gridW * anchorsPerCell, 4] of an image of {@code imageH x imageW} for feature maps of
     * the given grids ({@code grids[level] = {h, w}}), in image pixels.
     */
    public Tensor anchors(int imageH, int imageW, int[][] grids) {
        if (grids.length != sizes.length)
            throw new IllegalArgumentException("AnchorGenerator: " + sizes.length + " feature maps configured, got " + grids.length + " grids");
        int total = 0;
        for (int l = 0; l < grids.length; l++) total += grids[l][0] * grids[l][1] * anchorsPerCell(l);
        float[] out = new float[total * 4];
        int o = 0;
        for (int l = 0; l < grids.length; l++) {
            float[] base = baseAnchors(l);
            int gh = grids[l][0], gw = grids[l][1], sy = imageH / gh, sx = imageW / gw;
            for (int y = 0; y < gh; y++)
                for (int x = 0; x < gw; x++) {
                    float cx = (float) ((x + offset) * sx), cy = (float) ((y + offset) * sy);
                    for (int a = 0; a < base.length; a += 4) {
                        out[o++] = cx + base[a];
                        out[o++] = cy + base[a + 1];
                        out[o++] = cx + base[a + 2];
                        out[o++] = cy + base[a + 3];
                    }
                }
        }
        return Tensor.of(out, total, 4);
    }

    /** Base anchors of a level, centred on 0: (-w/2, -h/2, w/2, h/2) rounded half to even, ratio-major. */
    private float[] baseAnchors(int level) {
        double[] s = sizes[level], r = ratios[level];
        float[] out = new float[s.length * r.length * 4];
        int o = 0;
        for (double ratio : r) {
            float hRatio = (float) Math.sqrt((float) ratio), wRatio = 1f / hRatio;
            for (double size : s) {
                float w = wRatio * (float) size, h = hRatio * (float) size;
                out[o++] = (float) Math.rint(-w / 2);
                out[o++] = (float) Math.rint(-h / 2);
                out[o++] = (float) Math.rint(w / 2);
                out[o++] = (float) Math.rint(h / 2);
            }
        }
        return out;
    }
}

package org.nabla.detection;

import java.util.Arrays;
import org.nabla.tensor.Tensor;

/**
 * Region-of-interest pooling, as torchvision.ops.roi_pool and roi_align: each ROI (a row {@code [batch index, x1, y1,
 * x2, y2]} in input coordinates, scaled by {@code spatialScale}) is cut into an output grid of bins, each bin
 * pooled per channel. Both are written as a gather of input positions ({@code indexSelect}) times fixed weights, so
 * their gradient with respect to the input is the gather's (the ROIs themselves get none, as in torchvision).
 */
public final class RoiOps {
    private RoiOps() {}

    /**
     * ROI align: each bin the mean of {@code samplingRatio}² bilinear samples (adaptive, ceil(roi size / bins), when
     * {@code samplingRatio <= 0}); {@code aligned} shifts the box by half a pixel (torchvision's aligned=True).
     *
     * @param x    features [N, C, H, W]
     * @param rois [K, 5]
     * @return [K, C, outH, outW]
     */
    public static Tensor roiAlign(Tensor x, Tensor rois, int outH, int outW, double spatialScale, int samplingRatio, boolean aligned) {
        int[] s = check("roiAlign", x, rois, outH, outW);
        int n = s[0], c = s[1], h = s[2], w = s[3], k = rois.size(0), bins = outH * outW;
        float[] r = rois.toFloatArray();
        // per ROI and bin, its taps (flat spatial offset, weight); widest ROI decides the tap count
        int taps = 1;
        int[][] grid = new int[k][2];
        for (int i = 0; i < k; i++) {
            float[] b = roiBox(r, i, spatialScale, aligned);
            float rh = b[3] - b[1], rw = b[2] - b[0];
            grid[i][0] = samplingRatio > 0 ? samplingRatio : (int) Math.ceil(rh / outH);
            grid[i][1] = samplingRatio > 0 ? samplingRatio : (int) Math.ceil(rw / outW);
            taps = Math.max(taps, 4 * grid[i][0] * grid[i][1]);
        }
        long[] index = new long[k * c * bins * taps];
        float[] weight = new float[index.length];
        for (int i = 0; i < k; i++) {
            int img = batchIndex(r, i, n);
            float[] b = roiBox(r, i, spatialScale, aligned);
            float binH = (b[3] - b[1]) / outH, binW = (b[2] - b[0]) / outW;
            int gh = grid[i][0], gw = grid[i][1];
            float count = Math.max(gh * gw, 1);
            int[] offsets = new int[bins * taps];
            float[] weights = new float[bins * taps];
            for (int ph = 0; ph < outH; ph++)
                for (int pw = 0; pw < outW; pw++) {
                    int t = (ph * outW + pw) * taps;
                    for (int iy = 0; iy < gh; iy++) {
                        float y = b[1] + ph * binH + (iy + 0.5f) * binH / gh;
                        for (int ix = 0; ix < gw; ix++, t += 4) {
                            float xx = b[0] + pw * binW + (ix + 0.5f) * binW / gw;
                            bilinear(h, w, y, xx, offsets, weights, t, count);
                        }
                    }
                }
            for (int ch = 0; ch < c; ch++) {
                int base = ((i * c + ch) * bins) * taps;
                long plane = ((long) img * c + ch) * h * w;
                for (int j = 0; j < bins * taps; j++) {
                    index[base + j] = plane + offsets[j];
                    weight[base + j] = weights[j];
                }
            }
        }
        Tensor taken = x.reshape(-1).indexSelect(0, Tensor.of(index, index.length)).view(k, c, outH, outW, taps);
        return taken.mul(Tensor.of(weight, k, c, outH, outW, taps).to(x.dtype())).sum(4);
    }

    /** ROI align's box in feature coordinates (x1, y1, x2, y2); unaligned boxes at least 1 wide and high. */
    private static float[] roiBox(float[] r, int i, double scale, boolean aligned) {
        float offset = aligned ? 0.5f : 0f, sc = (float) scale;
        float x1 = r[5 * i + 1] * sc - offset, y1 = r[5 * i + 2] * sc - offset;
        float x2 = r[5 * i + 3] * sc - offset, y2 = r[5 * i + 4] * sc - offset;
        if (!aligned) {
            x2 = x1 + Math.max(x2 - x1, 1f);
            y2 = y1 + Math.max(y2 - y1, 1f);
        }
        return new float[] {x1, y1, x2, y2};
    }

    /** The four taps of a bilinear sample at (y, x), weights divided by count; outside the map: zero weights. */
    private static void bilinear(int h, int w, float y, float x, int[] offsets, float[] weights, int t, float count) {
        if (y < -1f || y > h || x < -1f || x > w) return; // weights stay 0, offsets 0
        if (y <= 0) y = 0;
        if (x <= 0) x = 0;
        int yLow = (int) y, xLow = (int) x, yHigh, xHigh;
        if (yLow >= h - 1) {
            yHigh = yLow = h - 1;
            y = yLow;
        } else yHigh = yLow + 1;
        if (xLow >= w - 1) {
            xHigh = xLow = w - 1;
            x = xLow;
        } else xHigh = xLow + 1;
        float ly = y - yLow, lx = x - xLow, hy = 1 - ly, hx = 1 - lx;
        offsets[t] = yLow * w + xLow;
        offsets[t + 1] = yLow * w + xHigh;
        offsets[t + 2] = yHigh * w + xLow;
        offsets[t + 3] = yHigh * w + xHigh;
        weights[t] = hy * hx / count;
        weights[t + 1] = hy * lx / count;
        weights[t + 2] = ly * hx / count;
        weights[t + 3] = ly * lx / count;
    }

    /**
     * ROI max pooling (Fast R-CNN): the ROI's corners rounded to the feature grid, each bin the maximum of its
     * cells (0 for an empty bin); the gradient goes to the maximum.
     *
     * @return [K, C, outH, outW]
     */
    public static Tensor roiPool(Tensor x, Tensor rois, int outH, int outW, double spatialScale) {
        int[] s = check("roiPool", x, rois, outH, outW);
        int n = s[0], c = s[1], h = s[2], w = s[3], k = rois.size(0);
        float[] r = rois.toFloatArray(), v = x.toFloatArray();
        long[] index = new long[k * c * outH * outW];
        float[] valid = new float[index.length];
        float sc = (float) spatialScale;
        for (int i = 0; i < k; i++) {
            int img = batchIndex(r, i, n);
            int x1 = roundHalfAway(r[5 * i + 1] * sc), y1 = roundHalfAway(r[5 * i + 2] * sc);
            int x2 = roundHalfAway(r[5 * i + 3] * sc), y2 = roundHalfAway(r[5 * i + 4] * sc);
            float binH = (float) Math.max(y2 - y1 + 1, 1) / outH, binW = (float) Math.max(x2 - x1 + 1, 1) / outW;
            for (int ch = 0; ch < c; ch++) {
                int plane = (img * c + ch) * h * w;
                for (int ph = 0; ph < outH; ph++)
                    for (int pw = 0; pw < outW; pw++) {
                        int hs = clamp((int) Math.floor(ph * binH) + y1, h), he = clamp((int) Math.ceil((ph + 1) * binH) + y1, h);
                        int ws = clamp((int) Math.floor(pw * binW) + x1, w), we = clamp((int) Math.ceil((pw + 1) * binW) + x1, w);
                        int o = ((i * c + ch) * outH + ph) * outW + pw, best = -1;
                        float max = -Float.MAX_VALUE;
                        for (int yy = hs; yy < he; yy++)
                            for (int xx = ws; xx < we; xx++)
                                if (v[plane + yy * w + xx] > max) {
                                    max = v[plane + yy * w + xx];
                                    best = plane + yy * w + xx;
                                }
                        index[o] = Math.max(best, 0);
                        valid[o] = best >= 0 ? 1f : 0f;
                    }
            }
        }
        Tensor taken = x.reshape(-1).indexSelect(0, Tensor.of(index, index.length)).view(k, c, outH, outW);
        return taken.mul(Tensor.of(valid, k, c, outH, outW).to(x.dtype()));
    }

    private static int clamp(int v, int size) { return Math.min(Math.max(v, 0), size); }

    /** C's round: halves away from zero. */
    private static int roundHalfAway(float v) { return (int) (Math.signum(v) * Math.floor(Math.abs(v) + 0.5f)); }

    private static int batchIndex(float[] r, int i, int n) {
        int b = (int) r[5 * i];
        if (b < 0 || b >= n || b != r[5 * i])
            throw new IllegalArgumentException("roi: row " + i + " has batch index " + r[5 * i] + ", the input has " + n + " images");
        return b;
    }

    private static int[] check(String op, Tensor x, Tensor rois, int outH, int outW) {
        if (x.dim() != 4) throw new IllegalArgumentException(op + ": input must be [N, C, H, W], got " + Arrays.toString(x.shape()));
        if (rois.dim() != 2 || rois.size(1) != 5)
            throw new IllegalArgumentException(op + ": rois must be [K, 5] (batch index, x1, y1, x2, y2), got " + Arrays.toString(rois.shape()));
        if (outH < 1 || outW < 1) throw new IllegalArgumentException(op + ": output size must be positive, got " + outH + "x" + outW);
        return x.shape();
    }
}

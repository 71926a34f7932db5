package org.nabla.data.augment;

import java.util.Arrays;
import org.nabla.tensor.Generator;

/** Shared per-image kernels and parameter checks for the transforms; images are [C, H, W] slices of a float[]. */
final class Images {
    private Images() {}

    // torchvision's rgb_to_grayscale weights (ITU-R 601-2 luma).
    static final float R = 0.2989f, G = 0.587f, B = 0.114f;

    static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + ": probability must be in [0, 1], got " + p);
    }

    static void checkRange(String name, String what, double lo, double hi) {
        if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi))
            throw new IllegalArgumentException(name + ": " + what + " range must be finite with min <= max, got ["
                    + lo + ", " + hi + "]");
    }

    static void checkColour(String name, int c) {
        if (c != 1 && c != 3)
            throw new IllegalArgumentException(name + ": expected 1 or 3 channels, got " + c);
    }

    /** Uniform in [lo, hi). */
    static double uniform(Generator gen, double lo, double hi) { return lo + (hi - lo) * gen.nextDouble(); }

    /** Uniform integer in [lo, hi), like torch.randint(lo, hi). */
    static int randint(Generator gen, int lo, int hi) { return lo + (int) gen.nextLong(hi - lo); }

    /** Moves the content by (tx, ty) pixels (right, down), filling what is uncovered with zeros; in place. */
    static void shift(float[] d, int off, int c, int h, int w, int tx, int ty) {
        if (tx == 0 && ty == 0) return;
        int len = w - Math.abs(tx);
        int dx0 = Math.max(tx, 0), sx0 = Math.max(-tx, 0);
        for (int ch = 0; ch < c; ch++) {
            int base = off + ch * h * w;
            // Walk rows away from the direction of travel, so each source row is read before it is overwritten.
            for (int k = 0; k < h; k++) {
                int y = ty > 0 ? h - 1 - k : k, sy = y - ty, row = base + y * w;
                if (sy < 0 || sy >= h || len <= 0) {
                    Arrays.fill(d, row, row + w, 0f);
                    continue;
                }
                System.arraycopy(d, base + sy * w + sx0, d, row + dx0, len);
                Arrays.fill(d, row, row + dx0, 0f);
                Arrays.fill(d, row + dx0 + len, row + w, 0f);
            }
        }
    }

    /**
     * Resamples the image in place with bilinear interpolation: output pixel p takes the input at
     * centre + M (p - centre), M = [[a, b], [cc, dd]], with the centre at ((W - 1) / 2, (H - 1) / 2) as in
     * torchvision's affine grid; neighbours outside the image count as zero (grid_sample, padding_mode="zeros").
     */
    static void affine(float[] d, int off, int c, int h, int w, double a, double b, double cc, double dd) {
        int plane = h * w;
        float[] src = Arrays.copyOfRange(d, off, off + c * plane);
        double cx = (w - 1) * 0.5, cy = (h - 1) * 0.5;
        for (int y = 0; y < h; y++) {
            double py = y - cy;
            for (int x = 0; x < w; x++) {
                double px = x - cx;
                double sx = cx + a * px + b * py, sy = cy + cc * px + dd * py;
                int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
                float fx = (float) (sx - x0), fy = (float) (sy - y0);
                boolean inX0 = x0 >= 0 && x0 < w, inX1 = x0 + 1 >= 0 && x0 + 1 < w;
                boolean inY0 = y0 >= 0 && y0 < h, inY1 = y0 + 1 >= 0 && y0 + 1 < h;
                float w00 = inX0 && inY0 ? (1 - fx) * (1 - fy) : 0, w01 = inX1 && inY0 ? fx * (1 - fy) : 0;
                float w10 = inX0 && inY1 ? (1 - fx) * fy : 0, w11 = inX1 && inY1 ? fx * fy : 0;
                // Clamped indices are only read with a zero weight when out of range.
                int i00 = Math.clamp(y0, 0, h - 1) * w + Math.clamp(x0, 0, w - 1);
                int i01 = Math.clamp(y0, 0, h - 1) * w + Math.clamp(x0 + 1, 0, w - 1);
                int i10 = Math.clamp(y0 + 1, 0, h - 1) * w + Math.clamp(x0, 0, w - 1);
                int i11 = Math.clamp(y0 + 1, 0, h - 1) * w + Math.clamp(x0 + 1, 0, w - 1);
                int o = off + y * w + x;
                for (int ch = 0, p = 0; ch < c; ch++, p += plane)
                    d[o + p] = w00 * src[p + i00] + w01 * src[p + i01] + w10 * src[p + i10] + w11 * src[p + i11];
            }
        }
    }

    /** Writes the grayscale of a 1- or 3-channel image into g[0, h * w). */
    static void grayscale(float[] d, int off, int c, int plane, float[] g) {
        if (c == 1) {
            System.arraycopy(d, off, g, 0, plane);
            return;
        }
        for (int i = 0; i < plane; i++) g[i] = R * d[off + i] + G * d[off + plane + i] + B * d[off + 2 * plane + i];
    }

    /** d = clamp(factor * d + (1 - factor) * other, 0, 1), other broadcast over channels (torchvision's _blend). */
    static void blend(float[] d, int off, int c, int plane, float factor, float[] other) {
        float rest = 1 - factor;
        for (int ch = 0; ch < c; ch++) {
            int base = off + ch * plane;
            for (int i = 0; i < plane; i++) d[base + i] = clamp01(factor * d[base + i] + rest * other[i]);
        }
    }

    static float clamp01(float v) { return v < 0 ? 0 : (v > 1 ? 1 : v); }
}

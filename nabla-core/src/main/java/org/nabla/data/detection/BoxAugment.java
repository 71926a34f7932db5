package org.nabla.data.detection;

import java.util.Arrays;
import org.nabla.data.Batch;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Geometric augmentation of a detection batch that moves the boxes with the image: a horizontal flip (probability
 * 0.5), a scaling about the centre by a factor drawn in [{@code minScale}, {@code maxScale}] and a shift of up to
 * {@code maxShift} pixels each way (a random crop of the zero-padded image), as one bilinear resampling per image.
 * Boxes are mapped the same way and clipped to the image; a box keeping less than {@link #MIN_VISIBLE} of its area
 * is dropped (its row becomes padding). Each image draws its parameters from the generator in batch order.
 */
public record BoxAugment(boolean flip, double minScale, double maxScale, int maxShift) {
    /** A box clipped to less than this share of its (mapped) area is dropped. */
    public static final double MIN_VISIBLE = 0.5;

    public BoxAugment {
        if (!(minScale > 0 && maxScale >= minScale)) throw new IllegalArgumentException("BoxAugment: scales must satisfy 0 < min <= max, got " + minScale + ".." + maxScale);
        if (maxShift < 0) throw new IllegalArgumentException("BoxAugment: maxShift must be non-negative, got " + maxShift);
    }

    /**
     * From a command line's augmentation list: "flip" (horizontal flips), "crop" or "translate" (shifts of an eighth of
     * the image), "zoom" or "scale" (factors 0.8 to 1.2); null when it names none of them.
     */
    public static BoxAugment parse(String spec, int imageSide) {
        String s = spec == null ? "" : spec.toLowerCase(java.util.Locale.ROOT);
        boolean flip = s.contains("flip"), shift = s.contains("crop") || s.contains("translate"), zoom = s.contains("zoom") || s.contains("scale");
        if (!flip && !shift && !zoom) return null;
        return new BoxAugment(flip, zoom ? 0.8 : 1, zoom ? 1.2 : 1, shift ? imageSide / 8 : 0);
    }

    /** The batch's images [B, C, H, W] and box targets [B, M, 5] augmented (copies). */
    public Batch apply(Batch batch, Generator gen) {
        Tensor x = batch.x(), y = batch.y();
        int b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), m = y.size(1);
        float[] img = x.toFloatArray(), out = new float[img.length], boxes = y.toFloatArray();
        int size = c * h * w;
        for (int i = 0; i < b; i++) {
            boolean mirror = flip && gen.nextDouble() < 0.5;
            double s = minScale + (maxScale - minScale) * gen.nextDouble();
            double tx = maxShift == 0 ? 0 : (gen.nextDouble() * 2 - 1) * maxShift, ty = maxShift == 0 ? 0 : (gen.nextDouble() * 2 - 1) * maxShift;
            double cx = w / 2.0, cy = h / 2.0;
            // output pixel centre p maps back to source u = (p - c - t) / s + c, mirrored first when flipping
            for (int ch = 0; ch < c; ch++)
                for (int py = 0; py < h; py++)
                    for (int px = 0; px < w; px++) {
                        double u = (px + 0.5 - cx - tx) / s + cx, v = (py + 0.5 - cy - ty) / s + cy;
                        if (mirror) u = w - u;
                        out[i * size + ch * h * w + py * w + px] = sample(img, i * size + ch * h * w, h, w, u - 0.5, v - 0.5);
                    }
            for (int k = 0; k < m; k++) {
                int o = (i * m + k) * 5;
                if (boxes[o + 4] < 0) continue;
                double x1 = boxes[o], x2 = boxes[o + 2];
                if (mirror) {
                    x1 = w - boxes[o + 2];
                    x2 = w - boxes[o];
                }
                double nx1 = s * (x1 - cx) + cx + tx, nx2 = s * (x2 - cx) + cx + tx;
                double ny1 = s * (boxes[o + 1] - cy) + cy + ty, ny2 = s * (boxes[o + 3] - cy) + cy + ty;
                double area = (nx2 - nx1) * (ny2 - ny1);
                nx1 = Math.clamp(nx1, 0, w);
                nx2 = Math.clamp(nx2, 0, w);
                ny1 = Math.clamp(ny1, 0, h);
                ny2 = Math.clamp(ny2, 0, h);
                if (area <= 0 || (nx2 - nx1) * (ny2 - ny1) < MIN_VISIBLE * area) {
                    Arrays.fill(boxes, o, o + 4, 0f);
                    boxes[o + 4] = BoxDataset.PADDING;
                    continue;
                }
                boxes[o] = (float) nx1;
                boxes[o + 1] = (float) ny1;
                boxes[o + 2] = (float) nx2;
                boxes[o + 3] = (float) ny2;
            }
        }
        return new Batch(java.util.List.of(Tensor.of(out, x.shape())), java.util.List.of(Tensor.of(boxes, y.shape())));
    }

    /** Bilinear sample of a [h, w] plane at (x, y) in pixel-index coordinates; zero outside. */
    private static float sample(float[] d, int off, int h, int w, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        return (float) ((1 - fy) * ((1 - fx) * at(d, off, h, w, x0, y0) + fx * at(d, off, h, w, x0 + 1, y0))
                + fy * ((1 - fx) * at(d, off, h, w, x0, y0 + 1) + fx * at(d, off, h, w, x0 + 1, y0 + 1)));
    }

    private static float at(float[] d, int off, int h, int w, int x, int y) { return x < 0 || y < 0 || x >= w || y >= h ? 0f : d[off + y * w + x]; }
}

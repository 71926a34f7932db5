package org.nabla.data.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nabla.data.Batch;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Geometric augmentation of a dense-prediction batch that moves the targets with the image: a horizontal flip (with
 * probability {@code flip}), a scaling about the centre by a factor drawn in [{@code minScale}, {@code maxScale}] and
 * a shift of up to {@code maxShift} pixels each way (a random crop of the zero-padded image), as one resampling per
 * image: bilinear for the image, nearest-neighbour for a segmentation mask (class ids stay class ids; pixels brought
 * in from outside the image are background, 0). Boxes ({@code x1, y1, x2, y2, class} rows, class -1 for padding) are
 * mapped the same way and clipped to the image; a box keeping less than {@link #MIN_VISIBLE} of its area is dropped
 * (its row becomes padding). Each image draws its parameters from the generator in batch order, the same draws for
 * boxes and masks, so one seed moves a mask and a box of the same picture alike.
 *
 * @param flip     probability of a horizontal flip (0: none)
 * @param minScale smallest scale factor
 * @param maxScale largest scale factor
 * @param maxShift largest shift in pixels, each axis
 */
public record GeometricAugment(double flip, double minScale, double maxScale, int maxShift) {
    /** A box clipped to less than this share of its (mapped) area is dropped. */
    public static final double MIN_VISIBLE = 0.5;
    /** The padding class of a box target row. */
    public static final float PADDING = -1;
    /** Steps that only change pixel values: applied to the image alone ({@link #photometric}). */
    private static final List<String> PHOTOMETRIC = List.of("noise", "brightness", "contrast", "saturation", "blur");
    /** Steps that move pixels but cannot move boxes and masks here. */
    private static final List<String> REFUSED = List.of("rotate", "vflip", "erase", "erase-random");

    public GeometricAugment {
        if (!(flip >= 0 && flip <= 1)) throw new IllegalArgumentException("GeometricAugment: flip probability must be in [0, 1], got " + flip);
        if (!(minScale > 0 && maxScale >= minScale)) throw new IllegalArgumentException("GeometricAugment: scales must satisfy 0 < min <= max, got " + minScale + ".." + maxScale);
        if (maxShift < 0) throw new IllegalArgumentException("GeometricAugment: maxShift must be non-negative, got " + maxShift);
    }

    /**
     * The geometric steps of a command line's augmentation list, for images of side {@code imageSide}: {@code flip[:p]}
     * (probability 0.5 by default), {@code crop[:padding]} (shifts of up to padding pixels, an eighth of the image by
     * default), {@code translate[:f]} (shifts of up to f of the image, 1/8 by default), {@code zoom[:f]} or
     * {@code zoom:min:max} (factors 1 - f to 1 + f, f 0.2 by default; {@code scale} is the same). The photometric
     * steps (noise, brightness, contrast, saturation, blur) are left to {@link #photometric}; rotate, vflip and the
     * erasings are refused (they would not move the boxes and masks). Null when the list holds no geometric step.
     *
     * @throws IllegalArgumentException a one-line message naming the step
     */
    public static GeometricAugment parse(String spec, int imageSide) {
        double flip = 0, min = 1, max = 1;
        int shift = 0;
        boolean any = false;
        for (String[] step : steps(spec)) {
            String name = step[0];
            double[] a = numbers(step);
            switch (name) {
                case "flip", "hflip" -> flip = a.length == 0 ? 0.5 : arg(name, a, 1)[0];
                case "crop" -> shift = a.length == 0 ? imageSide / 8 : pixels(name, arg(name, a, 1)[0]);
                case "translate" -> shift = (int) Math.round((a.length == 0 ? 0.125 : arg(name, a, 1)[0]) * imageSide);
                case "zoom", "scale" -> {
                    if (a.length == 2) {
                        min = a[0];
                        max = a[1];
                    } else {
                        double f = a.length == 0 ? 0.2 : arg(name, a, 1)[0];
                        min = 1 - f;
                        max = 1 + f;
                    }
                }
                default -> {
                    if (REFUSED.contains(name))
                        throw new IllegalArgumentException(name + " would not move the boxes and masks; boxes and masks move with flip, crop, translate and zoom");
                    if (!PHOTOMETRIC.contains(name))
                        throw new IllegalArgumentException("unknown augmentation '" + name + "'; boxes and masks move with flip[:p], crop[:padding], translate[:f], "
                                + "zoom[:f|:min:max]; the image alone takes noise, brightness, contrast, saturation, blur");
                    continue;
                }
            }
            any = true;
        }
        return any ? new GeometricAugment(flip, min, max, shift) : null;
    }

    /** The photometric steps of an augmentation list (they change the image alone), "none" when it has none. */
    public static String photometric(String spec) {
        List<String> kept = new ArrayList<>();
        for (String item : spec == null ? new String[0] : spec.split(",")) {
            String name = item.strip().split(":", -1)[0].strip().toLowerCase(Locale.ROOT);
            if (PHOTOMETRIC.contains(name)) kept.add(item.strip());
        }
        return kept.isEmpty() ? "none" : String.join(",", kept);
    }

    private static List<String[]> steps(String spec) {
        List<String[]> out = new ArrayList<>();
        String s = spec == null ? "" : spec.strip();
        if (s.isEmpty() || s.equalsIgnoreCase("none")) return out;
        for (String item : s.split(",", -1)) {
            String[] parts = item.strip().split(":", -1);
            parts[0] = parts[0].strip().toLowerCase(Locale.ROOT);
            out.add(parts);
        }
        return out;
    }

    private static double[] numbers(String[] step) {
        double[] a = new double[step.length - 1];
        for (int i = 1; i < step.length; i++) {
            try {
                a[i - 1] = Double.parseDouble(step[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(step[0] + ": expected a number, got '" + step[i].strip() + "'");
            }
        }
        return a;
    }

    private static double[] arg(String name, double[] a, int n) {
        if (a.length != n) throw new IllegalArgumentException(name + " takes at most " + n + " argument" + (n == 1 ? "" : "s") + ", got " + a.length);
        return a;
    }

    private static int pixels(String name, double v) {
        if (v != Math.rint(v) || v < 0 || v > 1 << 20) throw new IllegalArgumentException(name + ": expected a non-negative whole number of pixels, got " + v);
        return (int) v;
    }

    /** One image's draw: mirrored or not, the scale and the shift. */
    private record Draw(boolean mirror, double s, double tx, double ty) {}

    private Draw draw(Generator gen) {
        boolean mirror = flip > 0 && gen.nextDouble() < flip;
        double s = minScale + (maxScale - minScale) * gen.nextDouble();
        double tx = maxShift == 0 ? 0 : (gen.nextDouble() * 2 - 1) * maxShift, ty = maxShift == 0 ? 0 : (gen.nextDouble() * 2 - 1) * maxShift;
        return new Draw(mirror, s, tx, ty);
    }

    /** The source x of an output pixel centre px (pixel units, centres at +0.5): u = (p - c - t) / s + c, mirrored when flipping. */
    private static double sourceX(Draw d, double px, int w) {
        double u = (px + 0.5 - w / 2.0 - d.tx) / d.s + w / 2.0;
        return d.mirror ? w - u : u;
    }

    private static double sourceY(Draw d, double py, int h) { return (py + 0.5 - h / 2.0 - d.ty) / d.s + h / 2.0; }

    /** The batch's images [B, C, H, W] and box targets [B, M, 5] augmented (copies). */
    public Batch applyToBoxes(Batch batch, Generator gen) {
        Tensor x = batch.x(), y = batch.y();
        int b = checkImages(x), h = x.size(2), w = x.size(3);
        if (y.dim() != 3 || y.size(0) != b || y.size(2) != 5)
            throw new IllegalArgumentException("GeometricAugment: box targets must be [" + b + ", M, 5], got " + Arrays.toString(y.shape()));
        int m = y.size(1);
        float[] img = x.toFloatArray(), out = new float[img.length], boxes = y.toFloatArray();
        for (int i = 0; i < b; i++) {
            Draw d = draw(gen);
            resample(img, out, i, x.size(1), h, w, d);
            for (int k = 0; k < m; k++) moveBox(boxes, (i * m + k) * 5, h, w, d);
        }
        return new Batch(List.of(Tensor.of(out, x.shape())), List.of(Tensor.of(boxes, y.shape())));
    }

    /** The batch's images [B, C, H, W] and class masks [B, H, W] (integer) augmented (copies, the masks in their dtype). */
    public Batch applyToMasks(Batch batch, Generator gen) {
        Tensor x = batch.x(), y = batch.y();
        int b = checkImages(x), h = x.size(2), w = x.size(3);
        if (y.dim() != 3 || y.size(0) != b || y.size(1) != h || y.size(2) != w || y.dtype().isFloating())
            throw new IllegalArgumentException("GeometricAugment: masks must be integer [" + b + ", " + h + ", " + w + "], got " + y.dtype() + " "
                    + Arrays.toString(y.shape()));
        float[] img = x.toFloatArray(), out = new float[img.length];
        long[] mask = y.to(DType.INT64).toLongArray(), moved = new long[mask.length];
        for (int i = 0; i < b; i++) {
            Draw d = draw(gen);
            resample(img, out, i, x.size(1), h, w, d);
            for (int py = 0; py < h; py++) {
                int v = (int) Math.floor(sourceY(d, py, h));
                for (int px = 0; px < w; px++) {
                    int u = (int) Math.floor(sourceX(d, px, w));
                    moved[(i * h + py) * w + px] = u < 0 || v < 0 || u >= w || v >= h ? 0 : mask[(i * h + v) * w + u];
                }
            }
        }
        return new Batch(List.of(Tensor.of(out, x.shape())), List.of(Tensor.of(moved, y.shape()).to(y.dtype())));
    }

    private static int checkImages(Tensor x) {
        if (x.dim() != 4) throw new IllegalArgumentException("GeometricAugment: images must be [B, C, H, W], got " + Arrays.toString(x.shape()));
        return x.size(0);
    }

    /** Image i of img [B, C, H, W], resampled bilinearly into out. */
    private static void resample(float[] img, float[] out, int i, int c, int h, int w, Draw d) {
        int size = c * h * w;
        double[] us = new double[w];
        for (int px = 0; px < w; px++) us[px] = sourceX(d, px, w) - 0.5;
        for (int ch = 0; ch < c; ch++) {
            int plane = i * size + ch * h * w;
            for (int py = 0; py < h; py++) {
                double v = sourceY(d, py, h) - 0.5;
                for (int px = 0; px < w; px++) out[plane + py * w + px] = sample(img, plane, h, w, us[px], v);
            }
        }
    }

    /** Maps the box row at o (unless padding) and clips it, or turns it into padding when too little of it stays. */
    private static void moveBox(float[] boxes, int o, int h, int w, Draw d) {
        if (boxes[o + 4] < 0) return;
        double cx = w / 2.0, cy = h / 2.0, x1 = boxes[o], x2 = boxes[o + 2];
        if (d.mirror) {
            x1 = w - boxes[o + 2];
            x2 = w - boxes[o];
        }
        double nx1 = d.s * (x1 - cx) + cx + d.tx, nx2 = d.s * (x2 - cx) + cx + d.tx;
        double ny1 = d.s * (boxes[o + 1] - cy) + cy + d.ty, ny2 = d.s * (boxes[o + 3] - cy) + cy + d.ty;
        double area = (nx2 - nx1) * (ny2 - ny1);
        nx1 = Math.clamp(nx1, 0, w);
        nx2 = Math.clamp(nx2, 0, w);
        ny1 = Math.clamp(ny1, 0, h);
        ny2 = Math.clamp(ny2, 0, h);
        if (area <= 0 || (nx2 - nx1) * (ny2 - ny1) < MIN_VISIBLE * area) {
            Arrays.fill(boxes, o, o + 4, 0f);
            boxes[o + 4] = PADDING;
            return;
        }
        boxes[o] = (float) nx1;
        boxes[o + 1] = (float) ny1;
        boxes[o + 2] = (float) nx2;
        boxes[o + 3] = (float) ny2;
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

package org.nabla.data.canvas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nabla.data.Dataset;
import org.nabla.data.Mnist;

/**
 * Seeded canvases of real handwritten digits for dense prediction: each canvas is a grey {@code size x size} image
 * holding 1 to 4 digits of a source set (MNIST by default), each resampled to a random side and pasted at a random
 * position over a textured noise background (two octaves of value noise plus pixel noise, at most
 * {@link Options#noise}). Digits may overlap (a position where two digits' boxes share more than a fifth of the
 * smaller box is drawn again, up to 20 times); a later digit is drawn over the earlier ones ({@code max} of the intensities). Every canvas gives
 * <ul>
 *   <li>a mask per pixel: 0 for background, {@code digit + 1} where a digit's drawn intensity is at least
 *       {@link #MASK_THRESHOLD} (the last digit drawn there wins), so {@link #CLASSES} = 11 classes;</li>
 *   <li>one box per digit, {@code x1, y1, x2, y2} in pixels around its strokes above the threshold, before any
 *       occlusion ({@code x2, y2} exclusive: a digit covering columns 3..9 has {@code x1 = 3, x2 = 10}), and its
 *       class {@code 0..9}.</li>
 * </ul>
 * Canvas {@code i} depends only on the seed, {@code i} and the source, so a set is the same in every process.
 */
public final class DigitCanvases {
    /** The segmentation dataset's registered name. */
    public static final String SEGMENTATION = "mnist-seg";
    /** Background plus the ten digits. */
    public static final int CLASSES = 11;
    /** A digit pixel belongs to the mask (and its box) from this drawn intensity on. */
    public static final float MASK_THRESHOLD = 0.5f;
    /** The standard sets' sizes and seeds: train canvases from MNIST's training digits, test from its test digits. */
    public static final int TRAIN_CANVASES = 10_000, TEST_CANVASES = 2_000;
    public static final long TRAIN_SEED = 15_001L, TEST_SEED = 15_002L;

    /**
     * How canvases are drawn.
     *
     * @param size      canvas side in pixels
     * @param minDigits fewest digits per canvas (at least 1)
     * @param maxDigits most digits per canvas
     * @param minSide   smallest side, in pixels, a digit's source image is resampled to
     * @param maxSide   largest side
     * @param noise     the background's largest intensity (below {@link #MASK_THRESHOLD})
     */
    public record Options(int size, int minDigits, int maxDigits, int minSide, int maxSide, float noise) {
        public Options {
            if (size < 8) throw new IllegalArgumentException("DigitCanvases: size must be at least 8, got " + size);
            if (minDigits < 1 || maxDigits < minDigits)
                throw new IllegalArgumentException("DigitCanvases: digits per canvas must satisfy 1 <= min <= max, got " + minDigits + ".." + maxDigits);
            if (minSide < 4 || maxSide < minSide || maxSide > size)
                throw new IllegalArgumentException("DigitCanvases: digit sides must satisfy 4 <= min <= max <= size " + size + ", got " + minSide + ".." + maxSide);
            if (!(noise >= 0 && noise < MASK_THRESHOLD))
                throw new IllegalArgumentException("DigitCanvases: noise must be in [0, " + MASK_THRESHOLD + "), got " + noise);
        }

        /** 64x64 canvases, 1-4 digits of 20-36 pixels (MNIST's 28 scaled by 0.7-1.3), background up to 0.3. */
        public static Options defaults() { return new Options(64, 1, 4, 20, 36, 0.3f); }
    }

    /**
     * One canvas.
     *
     * @param image  [size * size] intensities in [0, 1], row-major
     * @param mask   [size * size] class per pixel: 0 background, digit + 1
     * @param boxes  one {@code {x1, y1, x2, y2}} per digit, in pixels, in drawing order
     * @param labels the digit (0..9) of each box
     */
    public record Canvas(int size, float[] image, byte[] mask, float[][] boxes, int[] labels) {
        public int digits() { return labels.length; }
    }

    private final String name;
    private final Options options;
    private final byte[] images, masks;
    private final float[][][] boxes;
    private final int[][] labels;

    private DigitCanvases(String name, Options options, byte[] images, byte[] masks, float[][][] boxes, int[][] labels) {
        this.name = name;
        this.options = options;
        this.images = images;
        this.masks = masks;
        this.boxes = boxes;
        this.labels = labels;
    }

    /** The standard training ({@value #TRAIN_CANVASES}, MNIST training digits) or test ({@value #TEST_CANVASES}, MNIST test digits) canvases. */
    public static DigitCanvases mnist(boolean train) {
        return generate(SEGMENTATION + (train ? "-train" : "-test"), Mnist.mnist(train), train ? TRAIN_CANVASES : TEST_CANVASES,
                train ? TRAIN_SEED : TEST_SEED, Options.defaults());
    }

    /**
     * {@code count} canvases of the digits of {@code source}: square grey images (shape [1, d, d] or [d * d]) with
     * labels 0..9, intensities in [0, 1].
     */
    public static DigitCanvases generate(String name, Dataset source, int count, long seed, Options options) {
        int side = sourceSide(source);
        if (count < 0) throw new IllegalArgumentException("DigitCanvases: count must be non-negative, got " + count);
        if (source.size() == 0) throw new IllegalArgumentException("DigitCanvases: the source " + source + " has no digits");
        int area = options.size() * options.size();
        byte[] images = new byte[Math.multiplyExact(count, area)], masks = new byte[images.length];
        float[][][] boxes = new float[count][][];
        int[][] labels = new int[count][];
        Painter painter = new Painter(source, side, options);
        for (int i = 0; i < count; i++) {
            painter.paint(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i));
            for (int p = 0; p < area; p++) {
                images[i * area + p] = (byte) Math.round(painter.image[p] * 255f);
                masks[i * area + p] = painter.mask[p];
            }
            boxes[i] = painter.boxes.toArray(float[][]::new);
            labels[i] = painter.labels.stream().mapToInt(Integer::intValue).toArray();
        }
        return new DigitCanvases(name, options, images, masks, boxes, labels);
    }

    private static int sourceSide(Dataset source) {
        int len = source.sampleLength(), side = (int) Math.round(Math.sqrt(len));
        if (side * side != len || side < 2)
            throw new IllegalArgumentException("DigitCanvases: the source " + source + " must hold square grey images, got samples of shape "
                    + Arrays.toString(source.sampleShape()));
        return side;
    }

    public int size() { return labels.length; }

    public Options options() { return options; }

    /** Canvas side in pixels. */
    public int side() { return options.size(); }

    /** Canvas {@code i}: its image (stored as bytes, so multiples of 1/255), mask, boxes and labels. */
    public Canvas canvas(int i) {
        int area = side() * side();
        float[] image = new float[area];
        copyImage(i, image, 0);
        return new Canvas(side(), image, Arrays.copyOfRange(masks, i * area, (i + 1) * area), boxes(i), labels(i));
    }

    /** Canvas {@code i}'s boxes, {@code {x1, y1, x2, y2}} per digit (a copy). */
    public float[][] boxes(int i) {
        float[][] b = new float[boxes[i].length][];
        for (int k = 0; k < b.length; k++) b[k] = boxes[i][k].clone();
        return b;
    }

    /** Canvas {@code i}'s digit per box (a copy). */
    public int[] labels(int i) { return labels[i].clone(); }

    /** Writes canvas {@code i}'s image, [size * size] in [0, 1], to {@code dst[offset ..]}. */
    public void copyImage(int i, float[] dst, int offset) {
        int area = side() * side();
        for (int p = 0, src = i * area; p < area; p++) dst[offset + p] = (images[src + p] & 0xFF) / 255f;
    }

    /** Writes canvas {@code i}'s mask, [size * size] classes, to {@code dst[offset ..]}. */
    public void copyMask(int i, long[] dst, int offset) {
        int area = side() * side();
        for (int p = 0, src = i * area; p < area; p++) dst[offset + p] = masks[src + p];
    }

    /** The canvases as a segmentation dataset: images [1, size, size] float32, masks [size, size] int64. */
    public Dataset segmentation() {
        DigitCanvases c = this;
        return new Dataset() {
            public int size() { return c.size(); }
            public int[] sampleShape() { return new int[] {1, c.side(), c.side()}; }
            public int[] targetShape() { return new int[] {c.side(), c.side()}; }
            public void copyFeatures(int index, float[] dst, int offset) { c.copyImage(index, dst, offset); }
            public void copyTarget(int index, long[] dst, int offset) { c.copyMask(index, dst, offset); }
            public String toString() { return c.name + "(size=" + c.size() + ", " + c.side() + "x" + c.side() + ")"; }
        };
    }

    /** Class names of the masks: "background", then the digits. */
    public static List<String> classNames() {
        List<String> names = new ArrayList<>();
        names.add("background");
        for (int d = 0; d < 10; d++) names.add(Integer.toString(d));
        return List.copyOf(names);
    }

    @Override
    public String toString() { return name + "(size=" + size() + ", " + side() + "x" + side() + ")"; }

    /** Draws one canvas at a time into its own buffers. */
    private static final class Painter {
        /**
         * Occlusion is allowed but kept readable: a digit's position is drawn again (up to {@code PLACEMENT_TRIES}
         * times, the last one kept) while its box and an earlier one share more than this part of the smaller box.
         */
        private static final float MAX_COVER = 0.2f;
        private static final int PLACEMENT_TRIES = 20;
        private final Dataset source;
        private final int side, size;
        private final Options o;
        private final float[] digit, scaled, image;
        private final byte[] mask;
        private final List<float[]> boxes = new ArrayList<>();
        private final List<Integer> labels = new ArrayList<>();

        Painter(Dataset source, int side, Options o) {
            this.source = source;
            this.side = side;
            this.o = o;
            this.size = o.size();
            this.digit = new float[side * side];
            this.scaled = new float[o.maxSide() * o.maxSide()];
            this.image = new float[size * size];
            this.mask = new byte[size * size];
        }

        void paint(SplittableRandom r) {
            background(r);
            Arrays.fill(mask, (byte) 0);
            boxes.clear();
            labels.clear();
            int n = o.minDigits() + r.nextInt(o.maxDigits() - o.minDigits() + 1);
            while (labels.size() < n) {
                int index = r.nextInt(source.size());
                long label = source.label(index);
                if (label < 0 || label > 9) throw new IllegalArgumentException("DigitCanvases: the source " + source + " has label " + label + " at " + index + " (digits are 0..9)");
                source.copyFeatures(index, digit, 0);
                int s = o.minSide() + r.nextInt(o.maxSide() - o.minSide() + 1);
                float brightness = 0.9f + 0.1f * (float) r.nextDouble();
                resample(s, brightness);
                // The strokes' box inside the resampled digit; a blank source image has none: draw another.
                int bx1 = s, by1 = s, bx2 = 0, by2 = 0;
                for (int y = 0; y < s; y++)
                    for (int x = 0; x < s; x++)
                        if (scaled[y * s + x] >= MASK_THRESHOLD) {
                            bx1 = Math.min(bx1, x);
                            bx2 = Math.max(bx2, x + 1);
                            by1 = Math.min(by1, y);
                            by2 = Math.max(by2, y + 1);
                        }
                if (bx2 == 0) continue;
                // Positions keep the strokes inside the canvas (the faint margin of the square may fall outside).
                int x0 = 0, y0 = 0;
                for (int tries = 0; tries < PLACEMENT_TRIES; tries++) {
                    x0 = r.nextInt(size - (bx2 - bx1) + 1) - bx1;
                    y0 = r.nextInt(size - (by2 - by1) + 1) - by1;
                    if (!hides(x0 + bx1, y0 + by1, x0 + bx2, y0 + by2)) break;
                }
                for (int y = Math.max(0, -y0); y < s && y0 + y < size; y++)
                    for (int x = Math.max(0, -x0); x < s && x0 + x < size; x++) {
                        float v = scaled[y * s + x];
                        int p = (y0 + y) * size + x0 + x;
                        if (v > image[p]) image[p] = v;
                        if (v >= MASK_THRESHOLD) mask[p] = (byte) (label + 1);
                    }
                boxes.add(new float[] {x0 + bx1, y0 + by1, x0 + bx2, y0 + by2});
                labels.add((int) label);
            }
        }

        /** Whether the box (x1, y1, x2, y2) and an earlier digit's box overlap by more than {@link #MAX_COVER} of the smaller one. */
        private boolean hides(int x1, int y1, int x2, int y2) {
            float area = (float) (x2 - x1) * (y2 - y1);
            for (float[] b : boxes) {
                float w = Math.min(b[2], x2) - Math.max(b[0], x1), h = Math.min(b[3], y2) - Math.max(b[1], y1);
                if (w > 0 && h > 0 && w * h > MAX_COVER * Math.min(area, (b[2] - b[0]) * (b[3] - b[1]))) return true;
            }
            return false;
        }

        /** The source digit resampled bilinearly (pixel centres aligned, as align_corners=False) to s x s, times brightness. */
        private void resample(int s, float brightness) {
            float scale = (float) side / s;
            for (int y = 0; y < s; y++) {
                float sy = Math.clamp((y + 0.5f) * scale - 0.5f, 0f, side - 1f);
                int ya = (int) sy, yb = Math.min(ya + 1, side - 1);
                float fy = sy - ya;
                for (int x = 0; x < s; x++) {
                    float sx = Math.clamp((x + 0.5f) * scale - 0.5f, 0f, side - 1f);
                    int xa = (int) sx, xb = Math.min(xa + 1, side - 1);
                    float fx = sx - xa;
                    float top = digit[ya * side + xa] * (1 - fx) + digit[ya * side + xb] * fx;
                    float bottom = digit[yb * side + xa] * (1 - fx) + digit[yb * side + xb] * fx;
                    scaled[y * s + x] = brightness * (top * (1 - fy) + bottom * fy);
                }
            }
        }

        /** Value noise at cells of 16 and 4 pixels plus pixel noise, scaled to a random level up to {@link Options#noise}. */
        private void background(SplittableRandom r) {
            Arrays.fill(image, 0f);
            addValueNoise(r, 16, 0.6f);
            addValueNoise(r, 4, 0.3f);
            float level = o.noise() * (0.3f + 0.7f * (float) r.nextDouble());
            for (int p = 0; p < image.length; p++) image[p] = level * Math.min(1f, image[p] + 0.1f * (float) r.nextDouble());
        }

        private void addValueNoise(SplittableRandom r, int cell, float weight) {
            int g = size / cell + 2;
            float[] grid = new float[g * g];
            for (int k = 0; k < grid.length; k++) grid[k] = (float) r.nextDouble();
            for (int y = 0; y < size; y++) {
                float gy = (float) y / cell;
                int ya = (int) gy;
                float fy = gy - ya;
                for (int x = 0; x < size; x++) {
                    float gx = (float) x / cell;
                    int xa = (int) gx;
                    float fx = gx - xa;
                    float top = grid[ya * g + xa] * (1 - fx) + grid[ya * g + xa + 1] * fx;
                    float bottom = grid[(ya + 1) * g + xa] * (1 - fx) + grid[(ya + 1) * g + xa + 1] * fx;
                    image[y * size + x] += weight * (top * (1 - fy) + bottom * fy);
                }
            }
        }
    }
}

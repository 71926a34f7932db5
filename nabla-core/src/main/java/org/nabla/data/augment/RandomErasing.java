package org.nabla.data.augment;

import java.util.SplittableRandom;
import org.nabla.tensor.Generator;

/**
 * Erases a random rectangle of each image with probability p, following
 * {@code torchvision.transforms.RandomErasing(p, scale, ratio, value)}: up to 10 tries draw an area fraction from
 * [scaleMin, scaleMax] and an aspect ratio log-uniformly from [ratioMin, ratioMax]; h = round(sqrt(area * ratio)),
 * w = round(sqrt(area / ratio)); the first rectangle strictly smaller than the image is placed uniformly and filled
 * on every channel. If no try fits, the image is left unchanged. The fill is a constant, or with {@code random}
 * uniform noise in [0, 1) (torchvision draws N(0, 1) because it erases normalised images; uniform keeps [0, 1]).
 */
public final class RandomErasing implements Augmentation {
    private static final int TRIES = 10;
    private final double p, scaleMin, scaleMax, ratioMin, ratioMax;
    private final float value;
    private final boolean random;

    /** torchvision's defaults: p = 0.5, scale = (0.02, 0.33), ratio = (0.3, 3.3), value = 0. */
    public RandomErasing() { this(0.5); }

    public RandomErasing(double p) { this(p, 0.02, 0.33, 0.3, 3.3, 0f, false); }

    public RandomErasing(double p, double scaleMin, double scaleMax, double ratioMin, double ratioMax, float value,
                         boolean random) {
        Images.checkProbability("RandomErasing", p);
        Images.checkRange("RandomErasing", "scale", scaleMin, scaleMax);
        Images.checkRange("RandomErasing", "ratio", ratioMin, ratioMax);
        if (scaleMin < 0 || scaleMax > 1)
            throw new IllegalArgumentException("RandomErasing: scale must lie in [0, 1], got [" + scaleMin + ", " + scaleMax + "]");
        if (!(ratioMin > 0))
            throw new IllegalArgumentException("RandomErasing: ratio must be positive, got [" + ratioMin + ", " + ratioMax + "]");
        this.p = p;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
        this.value = value;
        this.random = random;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        if (!(gen.nextDouble() < p)) return;
        double area = (double) h * w, logMin = Math.log(ratioMin), logMax = Math.log(ratioMax);
        for (int t = 0; t < TRIES; t++) {
            double erase = area * Images.uniform(gen, scaleMin, scaleMax);
            double aspect = Math.exp(Images.uniform(gen, logMin, logMax));
            int eh = (int) Math.rint(Math.sqrt(erase * aspect)), ew = (int) Math.rint(Math.sqrt(erase / aspect));
            if (!(eh < h && ew < w)) continue;
            int top = Images.randint(gen, 0, h - eh + 1), left = Images.randint(gen, 0, w - ew + 1);
            // Random fills come from a local stream seeded by one draw of gen: reproducible, no lock per pixel.
            SplittableRandom r = random ? new SplittableRandom(gen.nextLong()) : null;
            for (int ch = 0; ch < c; ch++)
                for (int y = top; y < top + eh; y++) {
                    int row = off + (ch * h + y) * w;
                    for (int x = left; x < left + ew; x++) d[row + x] = random ? (float) r.nextDouble() : value;
                }
            return;
        }
    }

    @Override
    public String toString() {
        return "RandomErasing(p=" + p + ", scale=(" + scaleMin + ", " + scaleMax + "), ratio=(" + ratioMin + ", "
                + ratioMax + "), value=" + (random ? "random" : value) + ")";
    }
}

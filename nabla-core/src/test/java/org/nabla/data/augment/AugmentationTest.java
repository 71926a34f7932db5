package org.nabla.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class AugmentationTest {

    /** A [c, h, w] image holding 1, 2, 3, ... */
    private static float[] counting(int c, int h, int w) {
        float[] d = new float[c * h * w];
        for (int i = 0; i < d.length; i++) d[i] = i + 1;
        return d;
    }

    private static float[] random(Generator g, int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = g.nextFloat();
        return d;
    }

    private static float[] run(Augmentation a, float[] img, int c, int h, int w, long seed) {
        float[] d = img.clone();
        a.transform(d, 0, c, h, w, new Generator(seed));
        return d;
    }

    @Test
    void horizontalFlipOfA2x3Image() {
        float[] out = run(new HorizontalFlip(1), new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3, 0);
        assertThat(out).containsExactly(3, 2, 1, 6, 5, 4);
    }

    @Test
    void verticalFlipOfA2x3ImageWithTwoChannels() {
        float[] out = run(new VerticalFlip(1), counting(2, 2, 3), 2, 2, 3, 0);
        assertThat(out).containsExactly(4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9);
    }

    @Test
    void probabilityZeroIsTheIdentity() {
        float[] img = counting(3, 4, 5);
        for (Augmentation a : List.of(new HorizontalFlip(0), new VerticalFlip(0), new RandomErasing(0),
                new RandomApply(new Rotate(90), 0), new RandomApply(new GaussianNoise(1), 0)))
            for (long seed = 0; seed < 20; seed++) assertThat(run(a, img, 3, 4, 5, seed)).as(a.toString()).containsExactly(img);
    }

    @Test
    void randomApplyWithProbabilityOneAlwaysApplies() {
        float[] out = run(new RandomApply(new HorizontalFlip(1), 1), new float[] {1, 2, 3}, 1, 1, 3, 7);
        assertThat(out).containsExactly(3, 2, 1);
    }

    @Test
    void shiftMovesContentRightAndDownWithZeroFill() {
        float[] d = counting(1, 3, 4);
        Images.shift(d, 0, 1, 3, 4, 1, -1);
        assertThat(d).containsExactly(
                0, 5, 6, 7,
                0, 9, 10, 11,
                0, 0, 0, 0);
        float[] e = counting(2, 3, 3);
        Images.shift(e, 0, 2, 3, 3, -2, 2);
        assertThat(e).containsExactly(0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0);
        float[] f = counting(1, 2, 2);
        Images.shift(f, 0, 1, 2, 2, 5, 0);
        assertThat(f).containsOnly(0f);
    }

    @Test
    void translateShiftsByTheDrawnWholePixelAmount() {
        int h = 6, w = 8;
        float[] img = counting(1, h, w);
        for (long seed = 0; seed < 10; seed++) {
            Generator replay = new Generator(seed);
            int tx = (int) Math.rint(-0.25 * w + 0.5 * w * replay.nextDouble());
            int ty = (int) Math.rint(-0.5 * h + 1.0 * h * replay.nextDouble());
            float[] expected = img.clone();
            Images.shift(expected, 0, 1, h, w, tx, ty);
            assertThat(run(new Translate(0.25, 0.5), img, 1, h, w, seed)).containsExactly(expected);
            assertThat(Math.abs(tx)).isLessThanOrEqualTo(2);
            assertThat(Math.abs(ty)).isLessThanOrEqualTo(3);
        }
        // A fixed generator: seed 3 moves this image by a known amount; check one pixel explicitly.
        Generator g = new Generator(3);
        int tx = (int) Math.rint(-2 + 4 * g.nextDouble()), ty = (int) Math.rint(-3 + 6 * g.nextDouble());
        float[] out = run(new Translate(0.25, 0.5), img, 1, h, w, 3);
        int y = Math.max(ty, 0), x = Math.max(tx, 0);
        assertThat(out[y * w + x]).isEqualTo(img[(y - ty) * w + (x - tx)]);
        assertThat(run(new Translate(0), img, 1, h, w, 1)).containsExactly(img);
    }

    @Test
    void randomCropWithPaddingKeepsTheSizeAndShiftsByAtMostThePadding() {
        int h = 5, w = 5, pad = 2;
        float[] img = counting(1, h, w);
        boolean[] seenShift = new boolean[5];
        for (long seed = 0; seed < 60; seed++) {
            Generator replay = new Generator(seed);
            int top = (int) replay.nextLong(2 * pad + 1), left = (int) replay.nextLong(2 * pad + 1);
            float[] expected = img.clone();
            Images.shift(expected, 0, 1, h, w, pad - left, pad - top);
            assertThat(run(new RandomCrop(pad), img, 1, h, w, seed)).containsExactly(expected);
            seenShift[left] = true;
        }
        for (boolean s : seenShift) assertThat(s).isTrue();
        assertThat(run(new RandomCrop(0), img, 1, h, w, 4)).containsExactly(img);
    }

    @Test
    void rotationBy90DegreesIsATransposeThenFlip() {
        for (int n : new int[] {4, 5}) {
            float[] img = counting(2, n, n), d = img.clone();
            Rotate.rotate(d, 0, 2, n, n, 90);
            // Counter-clockwise, as torch.rot90(img, 1, [1, 2]): out[y][x] = in[x][n - 1 - y].
            for (int ch = 0; ch < 2; ch++)
                for (int y = 0; y < n; y++)
                    for (int x = 0; x < n; x++)
                        assertThat(d[(ch * n + y) * n + x]).isCloseTo(img[(ch * n + x) * n + n - 1 - y], within(1e-4f));
        }
    }

    @Test
    void rotationByZeroAndZoomByOneAreTheIdentity() {
        float[] img = random(new Generator(1), 3 * 6 * 7);
        assertThat(run(new Rotate(0), img, 3, 6, 7, 0)).containsExactly(img);
        assertThat(run(new Zoom(1, 1), img, 3, 6, 7, 0)).containsExactly(img);
    }

    @Test
    void zoomInMagnifiesAboutTheCentre() {
        // A 5x5 image with a single bright centre pixel: zoom 2 spreads it over the centre and its neighbours.
        float[] d = new float[25];
        d[12] = 1;
        Images.affine(d, 0, 1, 5, 5, 0.5, 0, 0, 0.5);
        assertThat(d[12]).isEqualTo(1f);
        assertThat(d[11]).isEqualTo(0.5f);
        assertThat(d[7]).isEqualTo(0.5f);
        assertThat(d[6]).isEqualTo(0.25f);
        assertThat(d[0]).isEqualTo(0f);
    }

    @Test
    void gaussianNoiseHasTheRequestedSpreadAndIsClamped() {
        float[] img = new float[20000];
        Arrays.fill(img, 0.5f);
        float[] out = run(new GaussianNoise(0.1), img, 1, 100, 200, 5);
        double sum = 0, sq = 0;
        for (float v : out) {
            sum += v - 0.5;
            sq += (v - 0.5) * (v - 0.5);
        }
        assertThat(sum / out.length).isCloseTo(0, within(0.005));
        assertThat(Math.sqrt(sq / out.length)).isCloseTo(0.1, within(0.005));
        int atBounds = 0, outside = 0;
        for (float v : run(new GaussianNoise(5), img, 1, 100, 200, 5)) {
            if (v < 0 || v > 1) outside++;
            if (v == 0 || v == 1) atBounds++;
        }
        assertThat(outside).isZero();
        assertThat(atBounds).isGreaterThan(18000); // P(|5 z| > 0.5) = 0.92

        assertThat(run(new GaussianNoise(0), img, 1, 100, 200, 5)).containsExactly(img);
    }

    @Test
    void colourFactorOneIsTheIdentity() {
        float[] img = random(new Generator(2), 3 * 4 * 5);
        for (Augmentation a : List.of(new Brightness(0), new Contrast(0), new Saturation(0), new Brightness(1, 1)))
            assertThat(run(a, img, 3, 4, 5, 9)).as(a.toString()).containsExactly(img);
    }

    @Test
    void colourFormulasFollowTorchvision() {
        float[] img = {0.2f, 0.8f, 0.6f, 0.1f, 0.4f, 1.0f}; // [3, 1, 2]
        float[] b = img.clone();
        Brightness.adjust(b, 0, 3, 1, 2, 1.5f);
        float[] expected = {0.3f, 1f, 0.9f, 0.15f, 0.6f, 1f};
        for (int i = 0; i < 6; i++) assertThat(b[i]).isCloseTo(expected[i], within(1e-6f));
        float gray0 = 0.2989f * 0.2f + 0.587f * 0.6f + 0.114f * 0.4f, gray1 = 0.2989f * 0.8f + 0.587f * 0.1f + 0.114f;
        float[] s = img.clone();
        Saturation.adjust(s, 0, 3, 1, 2, 0);
        assertThat(s).containsExactly(gray0, gray1, gray0, gray1, gray0, gray1);
        float[] c = img.clone();
        Contrast.adjust(c, 0, 3, 1, 2, 0);
        float mean = (gray0 + gray1) / 2;
        for (float v : c) assertThat(v).isCloseTo(mean, within(1e-6f));
        // One channel: saturation is the identity; contrast blends with the image's own mean.
        float[] g = {0.2f, 0.6f};
        Saturation.adjust(g, 0, 1, 1, 2, 3);
        assertThat(g).containsExactly(0.2f, 0.6f);
        Contrast.adjust(g, 0, 1, 1, 2, 2);
        assertThat(g[0]).isCloseTo(0f, within(1e-6f));
        assertThat(g[1]).isCloseTo(0.8f, within(1e-6f));
    }

    @Test
    void blurPreservesAConstantImageAndTheSumAwayFromTheBorders() {
        float[] flat = new float[2 * 6 * 7];
        Arrays.fill(flat, 0.375f);
        for (float v : run(new GaussianBlur(5, 0.5, 3), flat, 2, 6, 7, 1)) assertThat(v).isCloseTo(0.375f, within(1e-6f));
        float[] impulse = new float[9 * 9];
        impulse[4 * 9 + 4] = 1;
        float[] out = run(new GaussianBlur(5, 1, 1), impulse, 1, 9, 9, 1);
        double sum = 0;
        for (float v : out) sum += v;
        assertThat(sum).isCloseTo(1, within(1e-5));
        float[] k = GaussianBlur.kernel(5, 1);
        assertThat(out[4 * 9 + 4]).isCloseTo(k[2] * k[2], within(1e-7f));
        assertThat(out[2 * 9 + 3]).isCloseTo(k[0] * k[1], within(1e-7f));
        assertThat(out[1 * 9 + 4]).isEqualTo(0f);
    }

    @Test
    void reflectPaddingMirrorsWithoutRepeatingTheEdge() {
        assertThat(new int[] {GaussianBlur.reflect(-2, 5), GaussianBlur.reflect(-1, 5), GaussianBlur.reflect(5, 5),
                GaussianBlur.reflect(6, 5), GaussianBlur.reflect(-3, 1)}).containsExactly(2, 1, 3, 2, 0);
    }

    @Test
    void erasingRemovesARectangleOfTheExpectedArea() {
        int c = 3, h = 8, w = 8;
        float[] ones = new float[c * h * w];
        Arrays.fill(ones, 1);
        for (long seed = 0; seed < 10; seed++) {
            float[] out = run(new RandomErasing(1, 0.25, 0.25, 1, 1, 0f, false), ones, c, h, w, seed);
            int zeros = 0, minY = h, maxY = -1, minX = w, maxX = -1;
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        if (out[(ch * h + y) * w + x] == 0) {
                            zeros++;
                            minY = Math.min(minY, y);
                            maxY = Math.max(maxY, y);
                            minX = Math.min(minX, x);
                            maxX = Math.max(maxX, x);
                        }
            // 25% of 64 pixels at aspect 1: a 4x4 square on every channel.
            assertThat(zeros).isEqualTo(c * 16);
            assertThat(maxY - minY).isEqualTo(3);
            assertThat(maxX - minX).isEqualTo(3);
        }
        float[] rnd = run(new RandomErasing(1, 0.25, 0.25, 1, 1, 0f, true), ones, c, h, w, 3);
        long changed = 0;
        for (float v : rnd) if (v != 1) changed++;
        assertThat(changed).isGreaterThan(40);
        for (float v : rnd) assertThat(v).isBetween(0f, 1f);
    }

    @Test
    void erasingTooLargeForTheImageLeavesItUnchanged() {
        float[] img = counting(1, 4, 4);
        assertThat(run(new RandomErasing(1, 1, 1, 1, 1, 0f, false), img, 1, 4, 4, 0)).containsExactly(img);
    }

    private static Compose everything() {
        return new Compose(new HorizontalFlip(), new VerticalFlip(), new Translate(0.1), new RandomCrop(2),
                new Rotate(20), new Zoom(0.8, 1.2), new GaussianNoise(0.05), new Brightness(0.3), new Contrast(0.3),
                new Saturation(0.3), new GaussianBlur(3), new RandomErasing(0.5), new RandomErasing(0.5, 0.02, 0.33, 0.3, 3.3, 0f, true));
    }

    @Test
    void batchesKeepTheirShapeAndRangeAndEachImageDrawsItsOwnParameters() {
        Tensor batch = Tensor.of(random(new Generator(4), 16 * 3 * 12 * 10), 16, 3, 12, 10);
        Tensor out = everything().apply(batch, new Generator(11));
        assertThat(out.shape()).containsExactly(16, 3, 12, 10);
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : out.toFloatArray()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isGreaterThanOrEqualTo(0f);
        assertThat(max).isLessThanOrEqualTo(1f + 1e-6f); // bilinear weights sum to 1 up to rounding, as in torchvision
        assertThat(batch.toFloatArray()).containsExactly(random(new Generator(4), 16 * 3 * 12 * 10));
        float[] single = Tensor.of(random(new Generator(4), 3 * 12 * 10), 3, 12, 10).toFloatArray();
        Tensor one = everything().apply(Tensor.of(single, 3, 12, 10), new Generator(11));
        assertThat(one.shape()).containsExactly(3, 12, 10);
        // The first image of the batch is the single image transformed with the same stream.
        assertThat(Arrays.copyOf(out.toFloatArray(), 360)).containsExactly(one.toFloatArray());
    }

    @Test
    void seedsReproduceAndDifferentSeedsDiffer() {
        Tensor batch = Tensor.of(random(new Generator(4), 8 * 3 * 9 * 9), 8, 3, 9, 9);
        float[] a = everything().apply(batch, new Generator(42)).toFloatArray();
        float[] b = everything().apply(batch, new Generator(42)).toFloatArray();
        float[] c = everything().apply(batch, new Generator(43)).toFloatArray();
        assertThat(a).containsExactly(b);
        assertThat(Arrays.equals(a, c)).isFalse();
        float[] flat = batch.toFloatArray();
        everything().applyInPlace(flat, 3, 9, 9, new Generator(42));
        assertThat(flat).containsExactly(a);
    }

    @Test
    void badParametersNameTheTransform() {
        assertThatThrownBy(() -> new HorizontalFlip(1.5)).hasMessage("HorizontalFlip: probability must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new RandomApply(new VerticalFlip(), -0.1)).hasMessageStartingWith("RandomApply: probability");
        assertThatThrownBy(() -> new Translate(-0.1)).hasMessageStartingWith("Translate: fractions must be in [0, 1]");
        assertThatThrownBy(() -> new RandomCrop(-1)).hasMessage("RandomCrop: padding must be non-negative, got -1");
        assertThatThrownBy(() -> new Rotate(-5)).hasMessageStartingWith("Rotate: degrees must be");
        assertThatThrownBy(() -> new Zoom(1.2, 0.8)).hasMessageStartingWith("Zoom: scale range must be finite with min <= max");
        assertThatThrownBy(() -> new Zoom(0, 1)).hasMessageStartingWith("Zoom: scale must be positive");
        assertThatThrownBy(() -> new GaussianNoise(-1)).hasMessageStartingWith("GaussianNoise: std");
        assertThatThrownBy(() -> new Brightness(-0.5)).hasMessageStartingWith("Brightness: jitter must be");
        assertThatThrownBy(() -> new Contrast(-1, 2)).hasMessageStartingWith("Contrast: factor must be non-negative");
        assertThatThrownBy(() -> new Saturation(Double.NaN)).hasMessageStartingWith("Saturation:");
        assertThatThrownBy(() -> new GaussianBlur(4)).hasMessage("GaussianBlur: kernel size must be a positive odd number, got 4");
        assertThatThrownBy(() -> new GaussianBlur(3, 0, 1)).hasMessageStartingWith("GaussianBlur: sigma must be positive");
        assertThatThrownBy(() -> new RandomErasing(0.5, 0.5, 0.1, 0.3, 3.3, 0f, false)).hasMessageStartingWith("RandomErasing: scale range");
        assertThatThrownBy(() -> new RandomErasing(0.5, 0.1, 0.5, 0, 3.3, 0f, false)).hasMessageStartingWith("RandomErasing: ratio must be positive");
        assertThatThrownBy(() -> new Compose(new HorizontalFlip(), null)).hasMessage("Compose: null transform");
    }

    @Test
    void badInputsAreRefusedWithTheShape() {
        assertThatThrownBy(() -> new Contrast(0.2).apply(Tensor.zeros(2, 4, 4), new Generator(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Contrast: expected 1 or 3 channels, got 2");
        assertThatThrownBy(() -> new HorizontalFlip().apply(Tensor.zeros(4, 4), new Generator(0)))
                .hasMessage("HorizontalFlip(p=0.5): expected an image [C, H, W] or a batch [N, C, H, W], got [4, 4]");
        assertThatThrownBy(() -> new HorizontalFlip().applyInPlace(new float[10], 1, 3, 3, new Generator(0)))
                .hasMessageContaining("does not hold whole images of [1, 3, 3]");
    }

    @Test
    void describesItselfLikeTorchvision() {
        assertThat(new Compose(new HorizontalFlip(), new RandomCrop(4)).toString())
                .isEqualTo("Compose(\n    HorizontalFlip(p=0.5)\n    RandomCrop(padding=4)\n)");
        assertThat(new Brightness(0.2).toString()).isEqualTo("Brightness(brightness=[0.8, 1.2])");
    }
}

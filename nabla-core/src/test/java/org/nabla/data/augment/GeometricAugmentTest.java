package org.nabla.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.data.Batch;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Flips, scaling and shifts move boxes and masks exactly as they move the image: flipping twice gives the batch back,
 * a box still frames its object's pixels, a mask still covers them, and a mask and a box drawn with the same seed move
 * alike.
 */
class GeometricAugmentTest {
    private static final int S = 32;

    /** One image holding a bright rectangle at (x1, y1)..(x2, y2) over a faint ramp (so a flip is visible everywhere). */
    private static float[] image(int x1, int y1, int x2, int y2) {
        float[] img = new float[S * S];
        for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) img[y * S + x] = (x + 2 * y) / (8f * S);
        for (int y = y1; y < y2; y++) for (int x = x1; x < x2; x++) img[y * S + x] = 1;
        return img;
    }

    private static Batch withBox(int x1, int y1, int x2, int y2) {
        return new Batch(List.of(Tensor.of(image(x1, y1, x2, y2), 1, 1, S, S)), List.of(Tensor.of(new float[] {x1, y1, x2, y2, 3, 0, 0, 0, 0, -1}, 1, 2, 5)));
    }

    /** The rectangle's mask: class 4 inside, 0 elsewhere. */
    private static Batch withMask(int x1, int y1, int x2, int y2) {
        long[] mask = new long[S * S];
        for (int y = y1; y < y2; y++) for (int x = x1; x < x2; x++) mask[y * S + x] = 4;
        return new Batch(List.of(Tensor.of(image(x1, y1, x2, y2), 1, 1, S, S)), List.of(Tensor.of(mask, 1, S, S)));
    }

    /** The bounding box of the pixels where test holds. */
    private static float[] bounds(java.util.function.IntPredicate test) {
        float x1 = S, y1 = S, x2 = 0, y2 = 0;
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
                if (test.test(y * S + x)) {
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x + 1);
                    y2 = Math.max(y2, y + 1);
                }
        return new float[] {x1, y1, x2, y2};
    }

    @Test
    void flippingTwiceGivesImageMaskAndBoxesBack() {
        GeometricAugment flip = new GeometricAugment(1, 1, 1, 0);
        Batch masks = withMask(3, 5, 11, 20), boxes = withBox(3, 5, 11, 20);
        Batch once = flip.applyToMasks(masks, new Generator(1)), twice = flip.applyToMasks(once, new Generator(2));
        assertThat(once.x().toFloatArray()).isNotEqualTo(masks.x().toFloatArray());
        assertThat(once.y().toLongArray()[5 * S + 31 - 3]).as("the mask flipped").isEqualTo(4);
        assertThat(twice.x().toFloatArray()).containsExactly(masks.x().toFloatArray());
        assertThat(twice.y().toLongArray()).containsExactly(masks.y().toLongArray());
        assertThat(twice.y().dtype()).isEqualTo(DType.INT64);
        Batch b1 = flip.applyToBoxes(boxes, new Generator(1)), b2 = flip.applyToBoxes(b1, new Generator(2));
        assertThat(b1.y().toFloatArray()).startsWith(S - 11, 5, S - 3, 20, 3);
        assertThat(b2.y().toFloatArray()).containsExactly(boxes.y().toFloatArray());
        assertThat(b2.x().toFloatArray()).containsExactly(boxes.x().toFloatArray());
    }

    @Test
    void boxesAndMasksFollowTheirObjectThroughFlipsScalesAndShifts() {
        GeometricAugment aug = new GeometricAugment(0.5, 0.8, 1.25, 4);
        int flipped = 0;
        for (int trial = 0; trial < 20; trial++) {
            Batch b = aug.applyToBoxes(withBox(4, 6, 14, 22), new Generator(100 + trial));
            Batch m = aug.applyToMasks(withMask(4, 6, 14, 22), new Generator(100 + trial));
            float[] img = b.x().toFloatArray(), box = b.y().toFloatArray(), want = bounds(p -> img[p] > 0.6f);
            long[] mask = m.y().toLongArray();
            for (int k = 0; k < 4; k++) assertThat(box[k]).as("trial %d box coordinate %d", trial, k).isCloseTo(want[k], within(1.01f));
            assertThat(box[4]).isEqualTo(3);
            assertThat(box[9]).as("padding stays padding").isEqualTo(-1);
            // the same draws moved the mask: it covers the bright pixels and lies inside the box
            float[] covered = bounds(p -> mask[p] == 4);
            for (int k = 0; k < 4; k++) assertThat(covered[k]).as("trial %d mask bound %d", trial, k).isCloseTo(box[k], within(1.01f));
            int agree = 0, bright = 0;
            for (int p = 0; p < S * S; p++) {
                if (img[p] > 0.9f) {
                    bright++;
                    if (mask[p] == 4) agree++;
                }
                assertThat(mask[p]).as("class ids stay class ids").isIn(0L, 4L);
            }
            assertThat(agree).as("trial %d: bright pixels under the mask", trial).isEqualTo(bright);
            assertThat(m.x().toFloatArray()).as("the image moved as with the boxes").containsExactly(img);
            if (box[0] > 16) flipped++;
        }
        assertThat(flipped).as("about half the images flipped").isBetween(4, 16);
    }

    @Test
    void aBoxPushedMostlyOutOfTheImageIsDroppedAndAMaskLosesIt() {
        GeometricAugment zoom = new GeometricAugment(0, 2, 2, 0); // doubling about the centre pushes a corner object out
        assertThat(zoom.applyToBoxes(withBox(0, 0, 6, 6), new Generator(1)).y().toFloatArray()[4]).isEqualTo(GeometricAugment.PADDING);
        long[] mask = zoom.applyToMasks(withMask(0, 0, 6, 6), new Generator(1)).y().toLongArray();
        assertThat(mask).containsOnly(0L);
    }

    @Test
    void parsesTheGeometricStepsAndRefusesTheOnesThatCannotMoveTargets() {
        assertThat(GeometricAugment.parse("flip,crop", 64)).isEqualTo(new GeometricAugment(0.5, 1, 1, 8));
        assertThat(GeometricAugment.parse("flip:0.3,crop:4,zoom:0.1", 64)).isEqualTo(new GeometricAugment(0.3, 0.9, 1.1, 4));
        assertThat(GeometricAugment.parse("translate:0.25,scale:0.8:1.5", 32)).isEqualTo(new GeometricAugment(0, 0.8, 1.5, 8));
        assertThat(GeometricAugment.parse("none", 64)).isNull();
        assertThat(GeometricAugment.parse("noise:0.1,brightness:0.2", 64)).isNull();
        assertThat(GeometricAugment.photometric("flip,noise:0.1,crop:2,brightness:0.2")).isEqualTo("noise:0.1,brightness:0.2");
        assertThat(GeometricAugment.photometric("flip")).isEqualTo("none");
        assertThatThrownBy(() -> GeometricAugment.parse("flip,rotate:10", 64)).hasMessageStartingWith("rotate would not move the boxes and masks");
        assertThatThrownBy(() -> GeometricAugment.parse("crop:2.5", 64)).hasMessageContaining("crop");
        assertThatThrownBy(() -> GeometricAugment.parse("wobble", 64)).hasMessageContaining("unknown augmentation 'wobble'");
    }
}

package org.nabla.data.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.data.Batch;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Flips, scaling and shifts move each box with its object: the box still frames the object's pixels. */
class BoxAugmentTest {
    private static final int S = 32;

    /** A batch of one image holding a bright rectangle at (x1, y1)..(x2, y2) and its box. */
    private static Batch rectangle(int x1, int y1, int x2, int y2) {
        float[] img = new float[S * S];
        for (int y = y1; y < y2; y++) for (int x = x1; x < x2; x++) img[y * S + x] = 1;
        return new Batch(List.of(Tensor.of(img, 1, 1, S, S)), List.of(Tensor.of(new float[] {x1, y1, x2, y2, 3, 0, 0, 0, 0, -1}, 1, 2, 5)));
    }

    /** The bounding box of pixels above 0.5. */
    private static float[] bright(float[] img) {
        float x1 = S, y1 = S, x2 = 0, y2 = 0;
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
                if (img[y * S + x] > 0.5f) {
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x + 1);
                    y2 = Math.max(y2, y + 1);
                }
        return new float[] {x1, y1, x2, y2};
    }

    @Test
    void boxesFollowTheirObjectThroughFlipsScalesAndShifts() {
        BoxAugment aug = new BoxAugment(true, 0.8, 1.25, 4);
        Generator gen = new Generator(7);
        int flipped = 0;
        for (int trial = 0; trial < 20; trial++) {
            Batch b = aug.apply(rectangle(4, 6, 14, 22), gen);
            float[] box = b.y().toFloatArray(), want = bright(b.x().toFloatArray());
            for (int k = 0; k < 4; k++) assertThat(box[k]).as("trial %d coordinate %d", trial, k).isCloseTo(want[k], within(1.01f));
            assertThat(box[4]).isEqualTo(3);
            assertThat(box[9]).as("padding stays padding").isEqualTo(-1);
            if (box[0] > 16) flipped++;
        }
        assertThat(flipped).as("about half the images flipped").isBetween(4, 16);
    }

    @Test
    void aBoxPushedMostlyOutOfTheImageIsDropped() {
        BoxAugment shiftOnly = new BoxAugment(false, 2, 2, 0); // doubling about the centre pushes a corner box out
        Batch b = shiftOnly.apply(rectangle(0, 0, 6, 6), new Generator(1));
        assertThat(b.y().toFloatArray()[4]).isEqualTo(BoxDataset.PADDING);
        assertThat(BoxAugment.parse("flip,crop", 64)).isEqualTo(new BoxAugment(true, 1, 1, 8));
        assertThat(BoxAugment.parse("none", 64)).isNull();
    }
}

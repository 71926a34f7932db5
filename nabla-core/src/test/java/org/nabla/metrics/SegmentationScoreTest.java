package org.nabla.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nabla.tensor.Tensor;

class SegmentationScoreTest {
    @Test
    void meanPixelAccuracyAveragesEachPresentClasssRecall() {
        int[] target = {0, 0, 1, 1, 255, 2, 2, 2};
        int[] pred   = {0, 1, 1, 1, 0,   2, 0, 2};
        Segmentation seg = new Segmentation(4, 255).add(pred, target);
        // Class 0: 1 of 2 pixels right; class 1: 2 of 2; class 2: 2 of 3; class 3 has no pixels (left out).
        double[] perClass = seg.classAccuracy();
        assertThat(perClass[0]).isEqualTo(0.5);
        assertThat(perClass[1]).isEqualTo(1.0);
        assertThat(perClass[2]).isCloseTo(2 / 3.0, within(1e-15));
        assertThat(perClass[3]).isNaN();
        assertThat(seg.meanPixelAccuracy()).isCloseTo((0.5 + 1 + 2 / 3.0) / 3, within(1e-15));
    }

    @Test
    void epochScoresAccumulateOverBatchesAndResetBetweenEpochs() {
        // Two batches of one 1x2 image, 2 classes: scores put class 1 first in the first pixel of each.
        Tensor scores = Tensor.of(new float[] {0, 1, 1, 0}, 1, 2, 1, 2); // predicted [1, 0]
        SegmentationScore miou = SegmentationScore.meanIou(2), acc = SegmentationScore.pixelAccuracy(2), mpa = SegmentationScore.meanPixelAccuracy(2);
        for (Tensor target : new Tensor[] {Tensor.of(new long[] {1, 0}, 1, 1, 2), Tensor.of(new long[] {1, 1}, 1, 1, 2)}) {
            miou.update(scores, target);
            acc.update(scores, target);
            mpa.update(scores, target);
        }
        // Over both: class 0 TP 1, FP 1; class 1 TP 2, FN 1 -> IoU 1/2 and 2/3; 3 of 4 pixels right; recalls 1 and 2/3.
        assertThat(miou.compute()).isCloseTo((0.5 + 2 / 3.0) / 2, within(1e-15));
        assertThat(acc.compute()).isEqualTo(0.75);
        assertThat(mpa.compute()).isCloseTo((1 + 2 / 3.0) / 2, within(1e-15));
        assertThat(miou.name()).isEqualTo("miou");
        miou.reset();
        assertThat(miou.compute()).isNaN();
    }
}

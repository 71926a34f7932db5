package org.nabla.models.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.data.Batch;
import org.nabla.data.detection.BoxDataset;
import org.nabla.optim.Adam;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The detectors on a fixed batch of synthetic scenes (bright rectangles of two classes, told apart by their shape):
 * the output layout, anchor matching, that training drives the loss down and that decoding finds the objects back.
 */
class DetectorsTest {
    private static final int[] SHAPE = {1, 32, 32};

    /** Eight 32x32 images with one or two filled rectangles: class 0 tall (6x12), class 1 wide (12x6). */
    private static Batch scenes() {
        Generator g = new Generator(5);
        int n = 8;
        float[] img = new float[n * 32 * 32], y = new float[n * 2 * 5];
        for (int i = 0; i < n; i++) {
            int objects = 1 + i % 2;
            for (int k = 0; k < 2; k++) {
                int o = (i * 2 + k) * 5;
                if (k >= objects) {
                    y[o + 4] = -1;
                    continue;
                }
                int cls = (i + k) % 2, w = cls == 0 ? 6 : 12, h = cls == 0 ? 12 : 6;
                int x1 = k == 0 ? (int) (g.nextDouble() * 4) : 16 + (int) (g.nextDouble() * 4), y1 = (int) (g.nextDouble() * (32 - h));
                for (int yy = y1; yy < y1 + h; yy++) for (int xx = x1; xx < x1 + w; xx++) img[i * 1024 + yy * 32 + xx] = 1;
                y[o] = x1;
                y[o + 1] = y1;
                y[o + 2] = x1 + w;
                y[o + 3] = y1 + h;
                y[o + 4] = cls;
            }
        }
        return new Batch(Tensor.of(img, n, 1, 32, 32), Tensor.of(y, n, 2, 5));
    }

    private static SingleShotDetector ssd(double hardNegatives) {
        var o = new SingleShotDetector.Options(16, new double[][] {{8, 12}, {16}}, new double[][] {{0.5, 2}, {0.5, 1, 2}}, 0.25, 2, hardNegatives);
        return new SingleShotDetector(SHAPE, 2, o, new Generator(1));
    }

    /** Adam steps on the batch; the losses before and after. */
    private static double[] fit(Detector model, Batch b, int steps) {
        Adam opt = new Adam(model.parameters(), Adam.Options.defaults().withLr(0.01));
        model.train();
        double first = Double.NaN, last = Double.NaN;
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            Tensor loss = model.loss(model.call(b.x()), b.y());
            if (s == 0) first = loss.item();
            last = loss.item();
            loss.backward();
            opt.step();
        }
        return new double[] {first, last};
    }

    @Test
    void ssdOutputsCodesAndLogitsPerAnchorAndMatchesEveryBox() {
        SingleShotDetector m = ssd(0);
        // 4x4 cells x 4 anchors + 2x2 cells x 3 anchors
        assertThat(m.anchors().shape()).containsExactly(4 * 4 * 4 + 2 * 2 * 3, 4);
        assertThat(m.call(Tensor.zeros(2, 1, 32, 32)).shape()).containsExactly(2, 76, 4 + 2);
        Batch b = scenes();
        for (int i = 0; i < 8; i++) {
            BoxDataset.Truth t = BoxDataset.boxes(b.y(), i);
            int[] match = m.match(t.boxes(), t.count());
            for (int g = 0; g < t.count(); g++) {
                final int box = g;
                assertThat(java.util.Arrays.stream(match).anyMatch(a -> a == box)).as("image %d box %d has an anchor", i, g).isTrue();
            }
        }
    }

    @Test
    void ssdLearnsTheScenesWithFocalLossAndWithHardNegativeMining() {
        Batch b = scenes();
        for (double hnm : new double[] {0, 3}) {
            SingleShotDetector m = ssd(hnm);
            double[] loss = fit(m, b, hnm == 0 ? 40 : 15);
            assertThat(loss[1]).as("hard negatives %s: loss %s", hnm, java.util.Arrays.toString(loss)).isLessThan(loss[0] * (hnm == 0 ? 0.3 : 0.6));
            if (hnm == 0) {
                List<Detections> d = m.detect(b.x(), 0.3, true);
                assertThat(d).hasSize(8);
                org.nabla.detection.MeanAveragePrecision map = new org.nabla.detection.MeanAveragePrecision(2);
                for (int i = 0; i < 8; i++) {
                    BoxDataset.Truth t = BoxDataset.boxes(b.y(), i);
                    map.add(t.boxes(), t.classes(), d.get(i).boxes(), d.get(i).scores(), d.get(i).classes());
                }
                assertThat(map.map50()).as("mAP@0.5 on the batch it learned").isGreaterThan(0.8);
            }
        }
    }

    @Test
    void yoloGridPredictsPerCellAndLearnsTheScenes() {
        GridDetector m = new GridDetector(SHAPE, 2, 16, new Generator(2));
        assertThat(m.call(Tensor.zeros(1, 1, 32, 32)).shape()).containsExactly(1, 16, 5 + 2);
        Batch b = scenes();
        double[] loss = fit(m, b, 40);
        assertThat(loss[1]).as(java.util.Arrays.toString(loss)).isLessThan(loss[0] * 0.3);
        List<Detections> d = m.detect(b.x(), 0.3, true);
        int found = d.stream().mapToInt(Detections::count).sum();
        assertThat(found).as("objects found in 8 images holding 12").isBetween(6, 40);
    }
}

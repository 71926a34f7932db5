package org.nabla.models.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradCheck;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;
import org.nabla.data.detection.BoxDataset;
import org.nabla.detection.BoxCoder;
import org.nabla.detection.FocalLoss;
import org.nabla.nn.functional.F;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The SSD's fused loss against the same loss composed of tensor ops (torchvision's sigmoid focal loss, BoxCoder
 * encoding and smooth L1, each checked against torchvision on fixtures elsewhere): values and gradients, with focal
 * loss and with hard-negative mining; and its gradient against finite differences.
 */
@ExtendWith(GradCoverage.class)
class SingleShotLossTest {
    private static final int[] SHAPE = {1, 32, 32};

    private static SingleShotDetector ssd(double hardNegatives) {
        var o = new SingleShotDetector.Options(8, new double[][] {{8, 12}, {16}}, new double[][] {{0.5, 2}, {0.5, 1, 2}}, 0.25, 2, hardNegatives);
        return new SingleShotDetector(SHAPE, 3, o, new Generator(1));
    }

    /** Three images with 1, 2 and 3 boxes (one padding row in the first two). */
    private static Tensor targets() {
        float[] y = {
            2, 3, 10, 17, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1,
            16, 1, 28, 9, 1, 4, 12, 11, 30, 2, 0, 0, 0, 0, -1,
            0, 0, 32, 32, 2, 8, 8, 14, 20, 0, 20, 22, 31, 31, 1};
        return Tensor.of(y, 3, 3, 5);
    }

    /** The loss as the detector computed it before it was fused: one tensor op at a time. */
    private static Tensor composed(SingleShotDetector m, Tensor output, Tensor targets) {
        int b = output.size(0), p = output.size(1), classes = m.classes();
        float[] clsTarget = new float[b * p * classes], valid = new float[b * p], positive = new float[b * p], matched = new float[b * p * 4];
        float[] anchors = m.anchors().toFloatArray();
        int positives = 0;
        int[][] matches = new int[b][];
        for (int i = 0; i < b; i++) {
            BoxDataset.Truth t = BoxDataset.boxes(targets, i);
            matches[i] = m.match(t.boxes(), t.count());
            for (int a = 0; a < p; a++) {
                int g = matches[i][a], o = i * p + a;
                System.arraycopy(g >= 0 ? t.boxes() : anchors, g >= 0 ? 4 * g : 4 * a, matched, 4 * o, 4);
                if (g == -2) continue;
                valid[o] = 1;
                if (g >= 0) {
                    positive[o] = 1;
                    clsTarget[o * classes + t.classes()[g]] = 1;
                    positives++;
                }
            }
        }
        Tensor codes = output.narrow(2, 0, 4), logits = output.narrow(2, 4, classes);
        Tensor target = Tensor.of(clsTarget, b, p, classes).to(output.dtype());
        Tensor clsLoss;
        double k = m.options().hardNegatives();
        if (k > 0) {
            Tensor perElement = FocalLoss.sigmoidFocalLoss(logits, target, -1, 0, Reduction.NONE);
            float[] loss = perElement.detach().sum(2).toFloatArray(), chosen = new float[b * p];
            for (int i = 0; i < b; i++) {
                java.util.List<Integer> negatives = new java.util.ArrayList<>();
                int pos = 0, o = i * p;
                for (int a = 0; a < p; a++) {
                    if (matches[i][a] >= 0) {
                        chosen[o + a] = 1;
                        pos++;
                    } else if (valid[o + a] > 0) negatives.add(a);
                }
                negatives.sort((x, y) -> Float.compare(loss[o + y], loss[o + x]));
                int keep = (int) Math.min(negatives.size(), Math.ceil(k * Math.max(pos, 1)));
                for (int j = 0; j < keep; j++) chosen[o + negatives.get(j)] = 1;
            }
            clsLoss = perElement.mul(Tensor.of(chosen, b, p, 1).to(output.dtype())).sum();
        } else {
            clsLoss = FocalLoss.sigmoidFocalLoss(logits, target, 0.25, 2, Reduction.NONE).mul(Tensor.of(valid, b, p, 1).to(output.dtype())).sum();
        }
        Tensor pos = Tensor.of(positive, b, p, 1).to(output.dtype());
        Tensor boxTarget = new BoxCoder(10, 10, 5, 5).encode(Tensor.of(matched, b * p, 4), m.anchors().repeat(b, 1)).reshape(b, p, 4).to(output.dtype());
        Tensor boxLoss = F.smoothL1Loss(codes.mul(pos), boxTarget.mul(pos), 1.0, Reduction.SUM);
        return clsLoss.add(boxLoss).div(Math.max(1, positives));
    }

    private static void assertClose(float[] a, float[] b, double tol) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) assertThat((double) a[i]).as("element %d", i).isCloseTo(b[i], within(tol * (1 + Math.abs(b[i]))));
    }

    @Test
    void equalsTheComposedLossAndItsGradientWithFocalLossAndWithHardNegatives() {
        for (double hnm : new double[] {0, 3}) {
            SingleShotDetector m = ssd(hnm);
            Tensor y = targets();
            int p = m.anchors().size(0);
            // logits spread over [-6, 4] and codes over [-2, 2]: both branches of smooth L1, confident and unsure scores
            Tensor raw = Tensor.rand(new Generator(7), 3, p, 4 + 3);
            Tensor out1 = raw.mul(4).sub(2).requiresGrad(true), out2 = out1.detach().requiresGrad(true);
            Tensor fused = m.loss(out1, y), reference = composed(m, out2, y);
            assertThat(fused.item()).as("loss, hard negatives %s", hnm).isCloseTo(reference.item(), within(1e-5 * Math.abs(reference.item())));
            fused.mul(3).backward();
            reference.mul(3).backward();
            assertClose(out1.grad().toFloatArray(), out2.grad().toFloatArray(), 1e-5);
            assertThat(out1.grad().abs().sum().item()).isGreaterThan(0);
        }
    }

    @Test
    @GradChecked("SingleShotLoss")
    void gradientMatchesFiniteDifferences() {
        for (double hnm : new double[] {0, 2}) {
            SingleShotDetector m = ssd(hnm);
            Tensor y = targets();
            int p = m.anchors().size(0);
            Tensor out = Tensor.rand(new Generator(11), 3, p, 4 + 3).mul(3).sub(1.5).to(DType.FLOAT64).requiresGrad(true);
            GradCoverage.assertGradients(GradCheck.withTolerance(1e-6, 1e-4), in -> m.loss(in[0], y), out);
        }
    }

    @Test
    void noGradientIsKeptWithoutGrad() {
        SingleShotDetector m = ssd(0);
        Tensor out = Tensor.zeros(3, m.anchors().size(0), 7);
        Tensor loss = m.loss(out, targets());
        assertThat(loss.requiresGrad()).isFalse();
        assertThat(loss.item()).isGreaterThan(0);
    }
}

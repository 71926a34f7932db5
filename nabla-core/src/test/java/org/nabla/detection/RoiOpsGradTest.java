package org.nabla.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradCheck;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** ROI align's and ROI pool's input gradients by finite differences (float64), and their argument checks. */
class RoiOpsGradTest {
    private static final Tensor ROIS = Tensor.of(new float[] {0, 0.7f, 1.2f, 5.1f, 4.3f, 1, 2.5f, 0.5f, 6.5f, 6.9f, 0, -1.5f, 3f, 2.2f, 7.5f}, 3, 5);

    @Test
    void roiAlignGradientMatchesFiniteDifferences() {
        Tensor x = Tensor.randn(new Generator(3), 2, 1, 7, 8).to(org.nabla.tensor.DType.FLOAT64).requiresGrad(true);
        for (boolean aligned : new boolean[] {false, true}) {
            GradCheck.Result r = GradCheck.check(xs -> RoiOps.roiAlign(xs[0], ROIS, 3, 2, 1.0, -1, aligned), x);
            assertThat(r.passed()).as("aligned %s: %s", aligned, r.message()).isTrue();
        }
        GradCheck.Result sampled = GradCheck.check(xs -> RoiOps.roiAlign(xs[0], ROIS, 2, 2, 0.8, 2, false), x);
        assertThat(sampled.passed()).as(sampled.message()).isTrue();
    }

    @Test
    void roiPoolGradientGoesToEachBinsMaximum() {
        // distinct values, so that a small step never changes which cell is a bin's maximum
        double[] v = new double[2 * 1 * 7 * 8];
        for (int i = 0; i < v.length; i++) v[i] = (i * 37 % v.length) / 10.0;
        Tensor x = Tensor.of(v, 2, 1, 7, 8).requiresGrad(true);
        GradCheck.Result r = GradCheck.check(xs -> RoiOps.roiPool(xs[0], ROIS, 2, 3, 1.0), x);
        assertThat(r.passed()).as(r.message()).isTrue();
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor x = Tensor.zeros(1, 1, 4, 4);
        assertThatThrownBy(() -> RoiOps.roiAlign(x, Tensor.zeros(2, 4), 2, 2, 1, 0, false)).hasMessageContaining("roiAlign: rois must be [K, 5]");
        assertThatThrownBy(() -> RoiOps.roiPool(x, Tensor.of(new float[] {1, 0, 0, 1, 1}, 1, 5), 2, 2, 1)).hasMessageContaining("batch index 1.0, the input has 1 images");
        assertThatThrownBy(() -> Boxes.nms(Tensor.zeros(3, 4), Tensor.zeros(2), 0.5)).hasMessageContaining("nms: scores must be [3]");
    }
}

package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.nn.ResamplingLayersTest.distinct;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;
import org.nabla.nn.functional.F;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.ValuesIndices;

/** The 1-d pools and adaptive max pooling: gradients, indices, printed form and errors (PyTorch: LayerFixtureTest). */
@ExtendWith(GradCoverage.class)
class Pooling1dAndAdaptiveMaxTest {

    @Test
    @GradChecked(value = {"MaxPool2d", "AvgPool2d", "IndexSelect", "Gather"}, on = {PLAIN, NON_CONTIGUOUS})
    void poolsPassGradCheck() {
        Tensor seq = distinct(1, 2, 2, 9), image = distinct(2, 1, 2, 5, 7);
        Tensor stridedSeq = distinct(3, 2, 9, 2).transpose(1, 2).detach().requiresGrad(true);
        for (Module m : new Module[] {new MaxPool1d(3), new MaxPool1d(3, 2, 1, true), new MaxPool1d(2, 1), new AvgPool1d(3),
                new AvgPool1d(3, 2, 1, true, false), new AvgPool1d(4, 3, 2), new AdaptiveAvgPool1d(4), new AdaptiveMaxPool1d(4), new AdaptiveMaxPool1d(1)}) {
            GradCoverage.assertGradients(in -> m.call(in[0]), seq);
            GradCoverage.assertGradients(in -> m.call(in[0]), stridedSeq);
        }
        for (Module m : new Module[] {new AdaptiveMaxPool2d(1), new AdaptiveMaxPool2d(2, 3), new AdaptiveMaxPool2d(5, 7), new AdaptiveMaxPool2d(7, 9)})
            GradCoverage.assertGradients(in -> m.call(in[0]), image);
        GradCoverage.assertGradients(in -> new AdaptiveMaxPool2d(3).call(in[0]), distinct(4, 2, 5, 4).transpose(1, 2).detach().requiresGrad(true));
    }

    @Test
    void adaptiveMaxPoolingFindsEachWindowsMaximumAndItsFlatIndex() {
        // Rows 0..2 and 2..4 (h 4 to 2 is even: 0..1, 2..3); columns 0..1, 1..3, 2..4 (w 5 to 3: floor/ceil windows).
        Tensor x = Tensor.arange(20).reshape(1, 1, 4, 5).to(DType.FLOAT32).neg();
        ValuesIndices r = new AdaptiveMaxPool2d(2, 3).callWithIndices(x);
        assertThat(r.values().toFloatArray()).containsExactly(-0f, -1, -3, -10, -11, -13);
        assertThat(r.indices().toLongArray()).containsExactly(0, 1, 3, 10, 11, 13);
        // The indices unpool like max pooling's.
        Tensor back = new MaxUnpool2d(new int[] {2, 2}, null, new int[] {0}).call(r.values(), r.indices(), new int[] {4, 5});
        assertThat(back.toFloatArray()[13]).isEqualTo(-13f);
        // Global max pooling and the 1-d forms.
        assertThat(F.adaptiveMaxPool2d(x, 1).item()).isZero();
        assertThat(F.adaptiveMaxPool1dWithIndices(Tensor.of(new float[] {3, 1, 4, 1, 5}, 1, 5), 2).indices().toLongArray()).containsExactly(2, 4); // windows 0..2, 2..4
        assertThat(F.maxPool1d(Tensor.of(new float[] {3, 1, 4, 1, 5, 9}, 1, 6), 2).toFloatArray()).containsExactly(3, 4, 9);
        assertThat(F.avgPool1d(Tensor.of(new float[] {3, 1, 4, 1, 5, 9}, 1, 6), 3).toFloatArray()).containsExactly(8 / 3f, 5);
    }

    @Test
    void printsLikePyTorch() {
        assertThat(new MaxPool1d(3, 2, 1, true)).hasToString("MaxPool1d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=True)");
        assertThat(new AvgPool1d(3)).hasToString("AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))");
        assertThat(new AdaptiveAvgPool1d(4)).hasToString("AdaptiveAvgPool1d(output_size=4)");
        assertThat(new AdaptiveMaxPool1d(3)).hasToString("AdaptiveMaxPool1d(output_size=3)");
        assertThat(new AdaptiveMaxPool2d(2, 3)).hasToString("AdaptiveMaxPool2d(output_size=(2, 3))");
        assertThat(new AdaptiveMaxPool2d(1)).hasToString("AdaptiveMaxPool2d(output_size=1)");
    }

    @Test
    void badOptionsAndInputsAreRefusedNamingTheLayer() {
        assertThatThrownBy(() -> new MaxPool1d(2, 2, 2, false))
                .hasMessage("MaxPool1d: kernel_size 2 and stride 2 must be positive and padding 2 at most half the kernel");
        assertThatThrownBy(() -> new AvgPool1d(0)).hasMessageStartingWith("AvgPool1d: kernel_size 0");
        assertThatThrownBy(() -> new MaxPool1d(2).call(Tensor.zeros(1, 2, 3, 4)))
                .hasMessage("MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False): expected input [n, c, length] or [c, length], got [1, 2, 3, 4]");
        assertThatThrownBy(() -> new AvgPool1d(5).call(Tensor.zeros(1, 2, 3)))
                .hasMessage("AvgPool1d(kernel_size=(5,), stride=(5,), padding=(0,)): avg_pool1d: input [1, 2, 3] with padding 0 is shorter than the kernel_size 5");
        assertThatThrownBy(() -> new AdaptiveMaxPool1d(0)).hasMessage("AdaptiveMaxPool1d: output size must be positive, got 0");
        assertThatThrownBy(() -> new AdaptiveMaxPool2d(2).call(Tensor.zeros(2, 2)))
                .hasMessage("AdaptiveMaxPool2d(output_size=2): expected input [n, c, h, w] or [c, h, w], got [2, 2]");
        assertThatThrownBy(() -> F.adaptiveMaxPool2d(Tensor.arange(4).reshape(1, 1, 2, 2), 1))
                .hasMessage("adaptive_max_pool2d: input must be floating point, got int64");
        assertThatThrownBy(() -> F.maxPool1d(Tensor.zeros(4), 2))
                .hasMessage("max_pool1d: input must be 2-d [c, length] or 3-d [n, c, length], got shape [4]");
    }
}

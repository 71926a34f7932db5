package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.ValuesIndices;

/** Pooling, unpooling, upsampling and flattening layers: gradients, shapes, printed form and input checks. */
@ExtendWith(GradCoverage.class)
class ResamplingLayersTest {

    /** Float64 leaf with distinct values 0, 1/n, ... shuffled: no ties for max pooling. */
    static Tensor distinct(long seed, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (double) i / n;
        Generator gen = new Generator(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape).requiresGrad(true);
    }

    @Test
    @GradChecked({"MaxPool2d", "AvgPool2d"})
    void poolingLayersPassGradCheck() {
        Tensor x = distinct(1, 1, 2, 6, 5);
        for (Module m : new Module[] {new MaxPool2d(2), new MaxPool2d(3, 2, 1, true), new MaxPool2d(new int[] {3, 2}, new int[] {1, 2}, new int[] {1, 0}, false),
                new AvgPool2d(2), new AvgPool2d(new int[] {3}, new int[] {2}, new int[] {1}, true, false), new AvgPool2d(3, 1, 1)})
            for (boolean train : new boolean[] {true, false}) {
                m.train(train);
                GradCoverage.assertGradients(in -> m.call(in[0]), x);
            }
    }

    @Test
    @GradChecked({"MaxUnpool2d", "IndexSelect", "Bmm"})
    void adaptivePoolingUnpoolingAndUpsamplingLayersPassGradCheck() {
        Tensor x = distinct(2, 1, 2, 5, 4);
        for (Module m : new Module[] {new AdaptiveAvgPool2d(1), new AdaptiveAvgPool2d(2, 3), new AdaptiveAvgPool2d(3),
                new Upsample(2), new Upsample(1.5, "bilinear"), Upsample.toSize(3, 7, "bilinear", true), Upsample.byScale(0.6, 1.5, "nearest", false),
                new Flatten(), new Flatten(0, 2)})
            GradCoverage.assertGradients(in -> m.call(in[0]), x);
        MaxPool2d pool = new MaxPool2d(2);
        MaxUnpool2d unpool = new MaxUnpool2d(2);
        GradCoverage.assertGradients(in -> {
            ValuesIndices p = pool.callWithIndices(in[0]);
            return unpool.call(p.values(), p.indices(), new int[] {5, 4});
        }, x);
    }

    @Test
    void maxUnpoolingRestoresTheMaximaInPlace() {
        Tensor x = Tensor.of(new float[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 3, 4, 5}, 1, 1, 4, 4);
        ValuesIndices p = new MaxPool2d(2).callWithIndices(x);
        Tensor y = new MaxUnpool2d(2).call(p.values(), p.indices());
        assertThat(y.toFloatArray()).containsExactly(0, 5, 0, 0, 0, 0, 9, 0, 7, 0, 0, 0, 0, 0, 0, 5);
        // An odd size pooled by 2 comes back with the size given (within a stride of the default 4).
        ValuesIndices q = new MaxPool2d(2).callWithIndices(Tensor.randn(new Generator(3), 2, 5, 5));
        assertThat(new MaxUnpool2d(2).call(q.values(), q.indices(), new int[] {2, 5, 5}).shape()).containsExactly(2, 5, 5);
        assertThatThrownBy(() -> new MaxUnpool2d(2).call(q.values(), q.indices(), new int[] {7, 5}))
                .hasMessage("MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0)): output size [7, 5] is invalid for input [2, 2, 2] "
                        + "(dim 0 must be between 2 and 6)");
        assertThatThrownBy(() -> new MaxUnpool2d(2).call(q.values(), q.indices().reshape(2, 4)))
                .hasMessageEndingWith("): expected indices of the input's shape [2, 2, 2], got [2, 4]");
        assertThatThrownBy(() -> new MaxUnpool2d(2).call(q.values().reshape(2, 4), q.indices().reshape(2, 4)))
                .hasMessageEndingWith("): expected input [n, c, h, w] or [c, h, w], got [2, 4]");
        assertThatThrownBy(() -> new MaxUnpool2d(2).call(q.values())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shapes() {
        Tensor x = Tensor.zeros(2, 3, 7, 9);
        assertThat(new MaxPool2d(2).call(x).shape()).containsExactly(2, 3, 3, 4);
        assertThat(new MaxPool2d(2, 2, 0, true).call(x).shape()).containsExactly(2, 3, 4, 5);
        assertThat(new AvgPool2d(3, 1, 1).call(x).shape()).containsExactly(2, 3, 7, 9);
        assertThat(new AdaptiveAvgPool2d(1).call(x).shape()).containsExactly(2, 3, 1, 1);
        assertThat(new AdaptiveAvgPool2d(4, 5).call(x.select(0, 0)).shape()).containsExactly(3, 4, 5);
        assertThat(new Upsample(2).call(x).shape()).containsExactly(2, 3, 14, 18);
        assertThat(Upsample.toSize(4, 4, "bilinear", false).call(x).shape()).containsExactly(2, 3, 4, 4);
        assertThat(new Flatten().call(x).shape()).containsExactly(2, 189);
        assertThat(new Flatten(0, -2).call(x).shape()).containsExactly(42, 9);
    }

    @Test
    void printsLikePyTorch() {
        assertThat(new MaxPool2d(2)).hasToString("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)");
        assertThat(new MaxPool2d(new int[] {3, 2}, new int[] {2, 1}, new int[] {1}, true))
                .hasToString("MaxPool2d(kernel_size=(3, 2), stride=(2, 1), padding=1, dilation=1, ceil_mode=True)");
        assertThat(new AvgPool2d(3, 2, 1)).hasToString("AvgPool2d(kernel_size=3, stride=2, padding=1)");
        assertThat(new AdaptiveAvgPool2d(1)).hasToString("AdaptiveAvgPool2d(output_size=1)");
        assertThat(new AdaptiveAvgPool2d(2, 3)).hasToString("AdaptiveAvgPool2d(output_size=(2, 3))");
        assertThat(new MaxUnpool2d(2)).hasToString("MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))");
        assertThat(new Upsample(2)).hasToString("Upsample(scale_factor=2.0, mode=nearest)");
        assertThat(Upsample.toSize(4, 5, "bilinear", true)).hasToString("Upsample(size=(4, 5), mode=bilinear)");
        assertThat(new Flatten()).hasToString("Flatten(start_dim=1, end_dim=-1)");
    }

    @Test
    void wrongInputNamesTheLayerTheExpectedAndTheActualShape() {
        assertThatThrownBy(() -> new MaxPool2d(2).call(Tensor.zeros(4, 4)))
                .hasMessage("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False): expected input [n, c, h, w] or [c, h, w], got [4, 4]");
        assertThatThrownBy(() -> new AvgPool2d(3).call(Tensor.zeros(1, 1, 2, 2)))
                .hasMessage("AvgPool2d(kernel_size=3, stride=3, padding=0): avg_pool2d: input [1, 1, 2, 2] is smaller than the kernel [3, 3]");
        assertThatThrownBy(() -> new AdaptiveAvgPool2d(2).call(Tensor.zeros(1, 1, 1, 2, 2)))
                .hasMessage("AdaptiveAvgPool2d(output_size=2): expected input [n, c, h, w] or [c, h, w], got [1, 1, 1, 2, 2]");
        assertThatThrownBy(() -> new Upsample(2).call(Tensor.zeros(3, 4)))
                .hasMessage("Upsample(scale_factor=2.0, mode=nearest): expected input [n, c, h, w] or [c, h, w], got [3, 4]");
        assertThatThrownBy(() -> new Flatten().call(Tensor.zeros(3))).hasMessageStartingWith("Flatten(start_dim=1, end_dim=-1): cannot flatten input [3]");
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> new MaxPool2d(2, 2, 2, false)).hasMessageContaining("padding at most half the kernel");
        assertThatThrownBy(() -> new Upsample(2, "bicubic")).hasMessage("Upsample: mode must be 'nearest' or 'bilinear', got 'bicubic'");
        assertThatThrownBy(() -> new Upsample(null, new double[] {2}, "nearest", true)).hasMessageContaining("align_corners");
        assertThatThrownBy(() -> new Upsample(new int[] {2}, new double[] {2}, "nearest", false)).hasMessageContaining("not both");
        assertThatThrownBy(() -> new AdaptiveAvgPool2d(0)).hasMessageContaining("output size must be positive");
    }
}

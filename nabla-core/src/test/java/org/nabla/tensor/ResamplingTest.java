package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.autograd.GradChecked.Inputs.SECOND_ORDER;
import static org.nabla.tensor.GradInputs.leaf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

@ExtendWith(GradCoverage.class)
class ResamplingTest {
    private static final int[] NONE = {0, 0};

    // ------------------------------------------------------------ adaptive average pooling

    @Test
    void adaptiveAveragePoolingUsesFloorAndCeilWindows() {
        Tensor x = GradInputs.normal(1, 2, 3, 5, 7).detach();
        Tensor y = Resampling.adaptiveAvgPool2d(x, new int[] {2, 3});
        assertThat(y.shape()).containsExactly(2, 3, 2, 3);
        // Rows: [0, 3) and [2, 5); columns: [0, 3), [2, 5), [4, 7).
        int[][] rows = {{0, 3}, {2, 5}}, cols = {{0, 3}, {2, 5}, {4, 7}};
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < 2; i++)
                    for (int j = 0; j < 3; j++) {
                        double s = 0;
                        for (int r = rows[i][0]; r < rows[i][1]; r++)
                            for (int q = cols[j][0]; q < cols[j][1]; q++) s += x.get(n, c, r, q);
                        assertThat(y.get(n, c, i, j)).isCloseTo(s / 9, within(1e-12));
                    }
    }

    @Test
    void adaptiveAveragePoolingToOneIsTheGlobalMean() {
        Tensor x = GradInputs.normal(2, 2, 3, 4, 5).detach();
        Tensor y = Resampling.adaptiveAvgPool2d(x, new int[] {1});
        assertThat(y.shape()).containsExactly(2, 3, 1, 1);
        assertThat(y.toDoubleArray()).containsExactly(x.mean(new int[] {2, 3}, true).toDoubleArray(), within(1e-12));
        assertThat(Resampling.adaptiveAvgPool2d(x.select(0, 0), new int[] {2, 5}).shape()).containsExactly(3, 2, 5);
    }

    @Test
    @GradChecked(value = {"AvgPool2d", "Bmm", "Sum"}, on = {PLAIN, NON_CONTIGUOUS})
    void adaptiveAveragePoolingGradients() {
        for (Tensor x : new Tensor[] {GradInputs.normal(3, 1, 2, 5, 4), leaf(GradInputs.normal(4, 1, 2, 4, 5).transpose(2, 3))}) {
            GradCoverage.assertGradients(in -> Resampling.adaptiveAvgPool2d(in[0], new int[] {2, 3}), x); // uneven: matmuls
            GradCoverage.assertGradients(in -> Resampling.adaptiveAvgPool2d(in[0], new int[] {5, 2}), x); // divides: average pooling
            GradCoverage.assertGradients(in -> Resampling.adaptiveAvgPool2d(in[0], new int[] {1}), x); // global: mean
            GradCoverage.assertGradients(in -> Resampling.adaptiveAvgPool2d(in[0], new int[] {7, 6}), x); // larger than the input
        }
    }

    // ------------------------------------------------------------ max unpooling

    @Test
    void maxUnpoolingPutsEachValueBackAtItsIndex() {
        Tensor x = Tensor.of(new float[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 3, 4, 5}, 1, 1, 4, 4);
        ValuesIndices p = Pooling.maxPool2dWithIndices(x, new int[] {2, 2}, new int[] {2, 2}, NONE, false);
        Tensor y = Resampling.maxUnpool2d(p.values(), p.indices(), new int[] {4, 4});
        assertThat(y.toFloatArray()).containsExactly(0, 5, 0, 0, 0, 0, 9, 0, 7, 0, 0, 0, 0, 0, 0, 5);
    }

    @Test
    void anIndexRepeatedByOverlappingWindowsIsWrittenOnceAndEachInputGetsItsGradientAsInPyTorch() {
        Tensor x = Tensor.of(new double[] {1, 9, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 3, 3);
        ValuesIndices p = Pooling.maxPool2dWithIndices(x, new int[] {2, 2}, new int[] {1, 1}, NONE, false);
        assertThat(p.indices().toLongArray()).containsExactly(1, 1, 7, 8);
        Tensor v = p.values().detach().requiresGrad(true);
        Tensor y = Resampling.maxUnpool2d(v, p.indices(), new int[] {3, 3});
        assertThat(y.toDoubleArray()).containsExactly(0, 9, 0, 0, 0, 0, 0, 7, 8);
        y.sum().backward();
        assertThat(v.grad().toDoubleArray()).containsExactly(1, 1, 1, 1);
    }

    @Test
    @GradChecked(value = "MaxUnpool2d", on = {PLAIN, NON_CONTIGUOUS, SECOND_ORDER})
    void maxUnpoolingGradients() {
        Tensor source = GradInputs.grid(5, 0.1, 2, 2, 4, 6).detach();
        Tensor idx = Pooling.maxPool2dWithIndices(source, new int[] {2, 2}, new int[] {2, 2}, NONE, false).indices();
        int[] size = {4, 6};
        GradCoverage.assertGradients(in -> Resampling.maxUnpool2d(in[0], idx, size), GradInputs.normal(6, 2, 2, 2, 3));
        GradCoverage.assertGradients(in -> Resampling.maxUnpool2d(in[0], idx, size), leaf(GradInputs.normal(7, 2, 2, 3, 2).transpose(2, 3)));
        GradCoverage.assertGradients(in -> Resampling.maxUnpool2d(in[0], idx.select(0, 1), size), GradInputs.normal(8, 2, 2, 3));
        // Through the padded pooling that made the indices (no ties in a grid; windows that do not overlap).
        GradCoverage.assertGradients(in -> {
            ValuesIndices p = Pooling.maxPool2dWithIndices(in[0], new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1}, false);
            return Resampling.maxUnpool2d(p.values(), p.indices(), new int[] {5, 4});
        }, GradInputs.grid(9, 0.1, 1, 2, 5, 4));
        Tensor seed = GradInputs.constant(10, 2, 2, 4, 6);
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> Resampling.maxUnpool2d(in[0], idx, size).square(), seed, 0),
                GradInputs.normal(11, 2, 2, 2, 3));
    }

    @Test
    void maxUnpoolingRefusesIndicesOutsideTheOutput() {
        Tensor v = Tensor.ones(1, 1, 2, 2);
        assertThatThrownBy(() -> Resampling.maxUnpool2d(v, Tensor.of(new long[] {0, 1, 2, 9}, 1, 1, 2, 2), new int[] {3, 3}))
                .hasMessage("max_unpool2d: index 9 is outside the output plane of 3 x 3 (input [1, 1, 2, 2])");
        assertThatThrownBy(() -> Resampling.maxUnpool2d(v, Tensor.zeros(1, 1, 2, 2), new int[] {3, 3}))
                .hasMessageContaining("indices must be an integer tensor of the input's shape [1, 1, 2, 2], got float32 [1, 1, 2, 2]");
    }

    // ------------------------------------------------------------ interpolation

    @Test
    void nearestFollowsPyTorchsLegacySourceIndex() {
        Tensor row = Tensor.arange(0, 5).to(DType.FLOAT32).reshape(1, 1, 1, 5);
        // Values from PyTorch 1.13: scale 1.5 and size 7 agree here; a 0.6 factor uses 1/0.6, not 7/4.
        assertThat(Resampling.interpolate(row, new double[] {1, 1.5}, "nearest", false).toFloatArray()).containsExactly(0, 0, 1, 2, 2, 3, 4);
        assertThat(Resampling.interpolate(row, new int[] {1, 7}, "nearest", false).toFloatArray()).containsExactly(0, 0, 1, 2, 2, 3, 4);
        Tensor seven = Tensor.arange(0, 7).to(DType.FLOAT32).reshape(1, 1, 1, 7);
        assertThat(Resampling.interpolate(seven, new double[] {1, 0.6}, "nearest", false).toFloatArray()).containsExactly(0, 1, 3, 5);
        assertThat(Resampling.interpolate(row, new double[] {2}, "nearest", false).shape()).containsExactly(1, 1, 2, 10);
    }

    @Test
    void bilinearWithAlignedCornersReproducesARamp() {
        Tensor ramp = Tensor.arange(0, 4).to(DType.FLOAT64).reshape(1, 1, 1, 4).expand(1, 1, 3, 4);
        Tensor y = Resampling.interpolate(ramp, new int[] {5, 7}, "bilinear", true);
        for (int j = 0; j < 7; j++) assertThat(y.get(0, 0, 2, j)).isCloseTo(j * 3.0 / 6, within(1e-12));
        // Without aligned corners the edge pixels repeat the input's edges (source coordinates clamped at 0).
        Tensor z = Resampling.interpolate(ramp, new double[] {2}, "bilinear", false);
        assertThat(z.get(0, 0, 0, 0)).isEqualTo(0);
        assertThat(z.get(0, 0, 0, 1)).isCloseTo(0.25, within(1e-12));
        assertThat(z.get(0, 0, 0, 7)).isCloseTo(3, within(1e-12));
    }

    @Test
    @GradChecked(value = {"IndexSelect", "Mm", "Bmm"}, on = {PLAIN, NON_CONTIGUOUS})
    void interpolationGradients() {
        for (Tensor x : new Tensor[] {GradInputs.normal(12, 1, 2, 3, 4), leaf(GradInputs.normal(13, 1, 2, 4, 3).transpose(2, 3))}) {
            GradCoverage.assertGradients(in -> Resampling.interpolate(in[0], new double[] {1.5, 2}, "nearest", false), x);
            GradCoverage.assertGradients(in -> Resampling.interpolate(in[0], new int[] {2, 5}, "nearest", false), x);
            GradCoverage.assertGradients(in -> Resampling.interpolate(in[0], new double[] {2}, "bilinear", false), x);
            GradCoverage.assertGradients(in -> Resampling.interpolate(in[0], new int[] {4, 3}, "bilinear", true), x);
            GradCoverage.assertGradients(in -> Resampling.interpolate(in[0], new double[] {0.7, 1.6}, "bilinear", false), x);
        }
        GradCoverage.assertGradients(in -> Resampling.interpolate(in[0], new int[] {5, 2}, "bilinear", false), GradInputs.normal(14, 2, 3, 4));
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        Tensor x = Tensor.zeros(1, 1, 4, 4);
        assertThatThrownBy(() -> Resampling.interpolate(x, new int[] {2}, "bicubic", false))
                .hasMessage("interpolate: mode must be 'nearest' or 'bilinear', got 'bicubic'");
        assertThatThrownBy(() -> Resampling.interpolate(x, new int[] {2}, "nearest", true)).hasMessageContaining("align_corners");
        assertThatThrownBy(() -> Resampling.interpolate(x, new double[] {0.1}, "nearest", false))
                .hasMessage("interpolate: input [1, 1, 4, 4] scaled by [0.1] gives the empty output size [0, 0]");
        assertThatThrownBy(() -> Resampling.adaptiveAvgPool2d(Tensor.zeros(4, 4), new int[] {2}))
                .hasMessage("adaptive_avg_pool2d: input must be 3-d [c, h, w] or 4-d [n, c, h, w], got shape [4, 4]");
        assertThatThrownBy(() -> Resampling.adaptiveAvgPool2d(x, new int[] {0, 2})).hasMessage("adaptive_avg_pool2d: output size must be positive, got [0, 2]");
    }
}

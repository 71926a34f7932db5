package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

@ExtendWith(GradCoverage.class)
class PoolingTest {

    /** A tensor whose values are all distinct (no ties for max pooling), in float64. */
    private static Tensor distinct(long seed, int... shape) {
        int n = Shape.numel(shape);
        Generator gen = new Generator(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape).div(n);
    }

    @Test
    void maxPoolPicksTheWindowMaximumAndItsIndex() {
        Tensor x = Tensor.of(new float[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 3, 4, 5}, 1, 1, 4, 4);
        ValuesIndices r = Pooling.maxPool2dWithIndices(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false);
        assertThat(r.values().toFloatArray()).containsExactly(5, 9, 7, 5);
        assertThat(r.indices().toLongArray()).containsExactly(1, 6, 8, 15);
    }

    @Test
    void aNaNInAWindowWinsLikeInPyTorch() {
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);
        ValuesIndices r = Pooling.maxPool2dWithIndices(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false);
        assertThat(r.values().get(0, 0, 0, 0)).isNaN();
        assertThat(r.indices().toLongArray()).containsExactly(1, 3);
        assertThat(r.values().get(0, 1, 0, 0)).isEqualTo(8.0);
    }

    @Test
    void overlappingWindowsSumTheirGradients() {
        Tensor x = Tensor.of(new double[] {0, 0, 0, 0, 9, 0, 0, 0, 0}, 1, 1, 3, 3).requiresGrad(true);
        Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, false).sum().backward();
        assertThat(x.grad().get(0, 0, 1, 1)).isEqualTo(4.0);
        assertThat(x.grad().sum().item()).isEqualTo(4.0);
    }

    @Test
    @GradChecked(value = "MaxPool2d", on = GradChecked.Inputs.PLAIN)
    void maxPoolGradCheckWithPaddingStrideAndCeilMode() {
        Tensor x = distinct(1, 2, 3, 7, 6).requiresGrad(true);
        GradCoverage.assertGradients(in -> Pooling.maxPool2d(in[0], new int[] {3, 2}, new int[] {2, 2}, new int[] {1, 1}, true), x);
        GradCoverage.assertGradients(in -> Pooling.maxPool2d(in[0], new int[] {3, 3}, new int[] {1, 2}, new int[] {0, 1}, false), x);
    }

    @Test
    @GradChecked(value = "AvgPool2d", on = GradChecked.Inputs.PLAIN)
    void avgPoolGradCheckBothPaddingConventions() {
        Tensor x = distinct(2, 2, 2, 5, 7).requiresGrad(true);
        for (boolean include : new boolean[] {true, false})
            GradCoverage.assertGradients(in -> Pooling.avgPool2d(in[0], new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1}, true, include), x);
    }

    @Test
    void avgPoolDivisorFollowsCountIncludePad() {
        Tensor x = Tensor.ones(1, 1, 2, 2);
        int[] k = {2, 2}, s = {2, 2}, p = {1, 1};
        // Every window holds one real cell and three padded ones.
        assertThat(Pooling.avgPool2d(x, k, s, p, false, true).toFloatArray()).containsOnly(0.25f);
        assertThat(Pooling.avgPool2d(x, k, s, p, false, false).toFloatArray()).containsOnly(1f);
    }

    @Test
    @GradChecked(value = {"MaxPool2dBackward", "AvgPool2dBackward"}, on = GradChecked.Inputs.SECOND_ORDER)
    void backwardOfPoolingIsDifferentiable() {
        Tensor x = distinct(3, 1, 2, 5, 5).requiresGrad(true);
        Tensor seed = distinct(4, 1, 2, 2, 2);
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> Pooling.maxPool2d(in[0], new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false).square(), seed, 0), x);
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> Pooling.avgPool2d(in[0], new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false, true).square(), seed, 0), x);
    }

    @Test
    void ceilModeAddsAPartialWindow() {
        Tensor x = Tensor.arange(0, 25).to(DType.FLOAT32).reshape(1, 1, 5, 5);
        assertThat(Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false).shape()).containsExactly(1, 1, 2, 2);
        Tensor ceil = Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, true);
        assertThat(ceil.shape()).containsExactly(1, 1, 3, 3);
        assertThat(ceil.get(0, 0, 2, 2)).isCloseTo(24, within(0.0));
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        int[] two = {2, 2}, three = {3, 3}, zero = {0, 0};
        assertThatThrownBy(() -> Pooling.maxPool2d(Tensor.zeros(4, 4), two, two, zero, false)).hasMessageContaining("max_pool2d: input must be 3-d");
        assertThatThrownBy(() -> Pooling.maxPool2d(Tensor.zeros(1, 1, 4, 4), new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 2}, false))
                .hasMessageContaining("padding [2, 2] must be at most half the kernel");
        assertThatThrownBy(() -> Pooling.avgPool2d(Tensor.zeros(1, 1, 2, 2), three, three, zero, false, true)).hasMessageContaining("smaller than the kernel");
    }
}

package org.nabla.tensor;

import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.autograd.GradChecked.Inputs.SECOND_ORDER;
import static org.nabla.tensor.GradInputs.leaf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

@ExtendWith(GradCoverage.class)
class SoftmaxGradTest {

    @Test
    @GradChecked(value = {"Softmax", "LogSoftmax"}, on = PLAIN)
    void softmaxAndLogSoftmaxAlongEachDim() {
        for (int dim : new int[] {0, 1, -1}) {
            int d = dim;
            GradCoverage.assertGradients(in -> in[0].softmax(d), GradInputs.normal(1, 3, 4));
            GradCoverage.assertGradients(in -> in[0].logSoftmax(d), GradInputs.normal(2, 3, 4));
        }
        GradCoverage.assertGradients(in -> in[0].softmax(1), GradInputs.normal(3, 2, 3, 4));
        GradCoverage.assertGradients(in -> in[0].logSoftmax(1), GradInputs.normal(4, 2, 3, 4));
        // Large logits: the forward subtracts the log-sum-exp, so nothing overflows.
        GradCoverage.assertGradients(in -> in[0].mul(100).logSoftmax(-1), GradInputs.normal(5, 2, 3));
        GradCoverage.assertGradients(in -> in[0].softmax(0), GradInputs.normal(6));
        GradCoverage.assertGradients(in -> in[0].logSoftmax(0), GradInputs.normal(7));
    }

    @Test
    @GradChecked(value = {"Softmax", "LogSoftmax"}, on = NON_CONTIGUOUS)
    void softmaxAndLogSoftmaxOnStridedViews() {
        Tensor transposed = leaf(GradInputs.normal(8, 4, 3).t());
        Tensor sliced = leaf(GradInputs.normal(9, 2, 3, 8).slice(2, 1, 8, 2));
        for (int dim : new int[] {0, -1}) {
            int d = dim;
            GradCoverage.assertGradients(in -> in[0].softmax(d), transposed);
            GradCoverage.assertGradients(in -> in[0].logSoftmax(d), transposed);
            GradCoverage.assertGradients(in -> in[0].softmax(d), sliced);
            GradCoverage.assertGradients(in -> in[0].logSoftmax(d), sliced);
        }
    }

    @Test
    @GradChecked(value = {"Softmax", "LogSoftmax"}, on = SECOND_ORDER)
    void backwardOfSoftmaxAndLogSoftmaxIsDifferentiable() {
        Tensor seed = GradInputs.constant(10, 3, 4);
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].logSoftmax(1), seed, 0), GradInputs.normal(11, 3, 4));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].softmax(0), seed, 0), GradInputs.normal(12, 3, 4));
    }

    @Test
    void float32SoftmaxAndItsBackwardMatchTheDefinition() {
        // Rows of a vector's width and more, with tails, along the last dim (the vectorised kernel) and inner dims.
        for (int[] shape : new int[][] {{3, 64}, {5, 37}, {2, 7, 3}, {4, 3}}) {
            Tensor x = GradInputs.normal(14, shape).detach().mul(5);
            x.set(Double.NEGATIVE_INFINITY, new int[shape.length]);
            Tensor g = GradInputs.normal(15, shape).detach();
            for (int d = 0; d < shape.length; d++) {
                Tensor expected = x.sub(x.amax(new int[] {d}, true)).exp();
                expected = expected.div(expected.sum(new int[] {d}, true));
                Tensor expectedGrad = expected.mul(g.sub(g.mul(expected).sum(new int[] {d}, true)));
                Tensor x32 = x.to(DType.FLOAT32).requiresGrad(true);
                Tensor y = x32.softmax(d);
                y.backward(g.to(DType.FLOAT32));
                assertClose(y, expected, "softmax of " + java.util.Arrays.toString(shape) + " along " + d);
                assertClose(x32.grad(), expectedGrad, "its gradient");
            }
        }
        // The masked logit gets exactly 0; a row of -inf gives NaN, as in PyTorch.
        Tensor row = Tensor.of(new float[] {Float.NEGATIVE_INFINITY, 1, 2, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 1, 5);
        org.assertj.core.api.Assertions.assertThat(row.softmax(1).toFloatArray()[0]).isZero();
        org.assertj.core.api.Assertions.assertThat(Float.isNaN(Tensor.full(Double.NEGATIVE_INFINITY, 1, 4).softmax(1).toFloatArray()[0])).isTrue();
    }

    private static void assertClose(Tensor got32, Tensor want, String what) {
        float[] got = got32.toFloatArray();
        double[] w = want.toDoubleArray();
        for (int i = 0; i < got.length; i++)
            org.assertj.core.api.Assertions.assertThat((double) got[i]).as("%s at %d", what, i)
                    .isCloseTo(w[i], org.assertj.core.api.Assertions.within(2e-6 * (1 + Math.abs(w[i]))));
    }

    @Test
    void float32LogSoftmaxMatchesTheDefinitionAlongEveryDim() {
        Tensor x = GradInputs.normal(13, 4, 5, 3).mul(10).to(DType.FLOAT32);
        for (int d = 0; d < 3; d++) {
            Tensor x64 = x.to(DType.FLOAT64);
            Tensor expected = x64.sub(x64.exp().sum(new int[] {d}, true).log());
            float[] got = x.logSoftmax(d).toFloatArray();
            double[] want = expected.toDoubleArray();
            for (int i = 0; i < got.length; i++)
                org.assertj.core.api.Assertions.assertThat((double) got[i]).as("dim %d at %d", d, i)
                        .isCloseTo(want[i], org.assertj.core.api.Assertions.within(2e-5 * (1 + Math.abs(want[i]))));
        }
        // A -inf logit stays -inf (probability 0) and leaves the rest of its row finite.
        float[] row = Tensor.of(new float[] {Float.NEGATIVE_INFINITY, 1, 2}, 1, 3).logSoftmax(1).toFloatArray();
        org.assertj.core.api.Assertions.assertThat(row[0]).isEqualTo(Float.NEGATIVE_INFINITY);
        org.assertj.core.api.Assertions.assertThat(row[2] - row[1]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-6f));
    }
}

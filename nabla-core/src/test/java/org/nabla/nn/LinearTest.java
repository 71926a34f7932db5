package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradCheck;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class LinearTest {

    @Test
    void computesXWTransposedPlusBiasForAnyLeadingDims() {
        Linear fc = new Linear(4, 3, true, new Generator(1));
        Tensor x = Tensor.randn(new Generator(2), 2, 5, 4);
        float[] y = fc.call(x).toFloatArray();
        float[] want = x.matmul(fc.weight.t()).add(fc.bias).toFloatArray();
        assertThat(y).containsExactly(want, within(1e-6f));
        float[] y2 = fc.call(x.reshape(10, 4)).toFloatArray();
        assertThat(y2).containsExactly(want, within(1e-6f));
    }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtFanIn() {
        Linear fc = new Linear(400, 50, true, new Generator(3));
        double bound = 1 / Math.sqrt(400);
        assertThat(fc.weight.abs().max().item()).isLessThanOrEqualTo(bound).isGreaterThan(0.95 * bound);
        assertThat(fc.weight.mean().item()).isCloseTo(0, within(0.01));
        assertThat(fc.bias.abs().max().item()).isLessThanOrEqualTo(bound);
    }

    @Test
    void gradientsPassGradCheck() {
        Linear fc = new Linear(3, 2, true, new Generator(4));
        Tensor w = fc.weight.detach().to(DType.FLOAT64).requiresGrad(true), b = fc.bias.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor x = Tensor.randn(new Generator(5), 4, 3).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.assertGradients(in -> Tensor.addmm(in[2], in[0], in[1].t()), x, w, b);
    }

    @Test
    void wrongInputShapeNamesTheLayerAndBothShapes() {
        assertThatThrownBy(() -> new Linear(4, 3).call(Tensor.zeros(2, 5)))
                .hasMessage("Linear(in_features=4, out_features=3, bias=True): expected input [..., 4], got [2, 5]");
    }
}

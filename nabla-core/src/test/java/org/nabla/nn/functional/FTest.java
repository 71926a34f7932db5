package org.nabla.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nabla.tensor.Convolution;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Pooling;
import org.nabla.tensor.Tensor;

class FTest {

    @Test
    void dropoutIsUnbiasedAndTheIdentityInEval() {
        Tensor x = Tensor.ones(200_000);
        Tensor y = F.dropout(x, 0.3, true, new Generator(1));
        double zeros = y.eq(0).sum().item() / x.numel();
        assertThat(zeros).isCloseTo(0.3, within(0.005));
        assertThat(y.mean().item()).isCloseTo(1.0, within(0.01));
        // every element is dropped (0) or kept and scaled by 1 / (1 - p)
        assertThat(y.eq(0).add(y.sub(1 / 0.7).abs().lt(1e-6)).min().item()).isEqualTo(1.0);
        assertThat(F.dropout(x, 0.3, false, new Generator(1))).isSameAs(x);
        assertThat(F.dropout(x, 0, true)).isSameAs(x);
        assertThat(F.dropout(x, 1, true).sum().item()).isZero();
        // seeded: the same generator state drops the same elements
        assertThat(F.dropout(x, 0.5, true, new Generator(9)).eq(F.dropout(x, 0.5, true, new Generator(9))).min().item()).isEqualTo(1.0);
        assertThatThrownBy(() -> F.dropout(x, 1.5, true)).hasMessage("dropout: dropout probability has to be in [0, 1], got 1.5");
    }

    @Test
    void dropoutGradientIsItsMask() {
        Tensor x = Tensor.randn(new Generator(3), 4, 5).to(DType.FLOAT64).requiresGrad(true);
        Tensor y = F.dropout(x, 0.25, true, new Generator(4));
        y.sum().backward();
        Tensor mask = y.detach().div(x.detach());
        assertThat(x.grad().toDoubleArray()).usingComparatorWithPrecision(1e-12).containsExactly(mask.toDoubleArray());
    }

    @Test
    void linearMatchesTheMatrixProduct() {
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, 4, 3), w = Tensor.randn(g, 2, 3), b = Tensor.randn(g, 2);
        float[] expected = x.matmul(w.t()).add(b).toFloatArray();
        assertThat(F.linear(x, w, b).toFloatArray()).usingComparatorWithPrecision(1e-6f).containsExactly(expected);
        assertThat(F.linear(x.reshape(2, 2, 3), w, b).reshape(4, 2).toFloatArray()).usingComparatorWithPrecision(1e-6f).containsExactly(expected);
        assertThat(F.linear(x, w, null).toFloatArray()).usingComparatorWithPrecision(1e-6f).containsExactly(x.matmul(w.t()).toFloatArray());
        assertThatThrownBy(() -> F.linear(x, Tensor.zeros(2, 4), b))
                .hasMessage("linear: expected input [..., in], weight [out, in] and bias [out] or none, got input [4, 3], weight [2, 4], bias [2]");
    }

    @Test
    void convolutionAndPoolingDelegate() {
        Generator g = new Generator(6);
        Tensor x = Tensor.randn(g, 1, 2, 5, 5), w = Tensor.randn(g, 3, 2, 3, 3);
        assertThat(F.conv2d(x, w, null).toFloatArray()).containsExactly(Convolution.conv2d(x, w, null).toFloatArray());
        int[] one = {1, 1}, zero = {0, 0};
        assertThat(F.conv2d(x, w, null, new int[] {2, 2}, one, one, 1).shape()).containsExactly(1, 3, 3, 3);
        assertThat(F.convTranspose2d(F.conv2d(x, w, null), w, null).shape()).containsExactly(1, 2, 5, 5);
        assertThat(F.conv1d(x.select(2, 0), w.select(2, 0), null).shape()).containsExactly(1, 3, 3);
        assertThat(F.maxPool2d(x, 2).toFloatArray()).containsExactly(Pooling.maxPool2d(x, new int[] {2, 2}, new int[] {2, 2}, zero, false).toFloatArray());
        assertThat(F.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, one, false, true).shape()).containsExactly(1, 2, 3, 3);
        assertThat(F.maxPool2d(x, new int[] {2, 2}, one, zero, false).shape()).containsExactly(1, 2, 4, 4);
    }
}

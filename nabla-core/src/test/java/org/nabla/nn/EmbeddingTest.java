package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradCheck;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class EmbeddingTest {

    @Test
    void looksUpRowsForIndicesOfAnyShape() {
        Embedding e = new Embedding(5, 3, null, new Generator(1));
        Tensor y = e.call(Tensor.of(new long[] {4, 0, 4, 2}, 2, 2));
        assertThat(y.shape()).containsExactly(2, 2, 3);
        assertThat(y.select(0, 0).select(0, 0).toFloatArray()).containsExactly(e.weight.select(0, 4).toFloatArray());
        assertThat(y.select(0, 1).select(0, 1).toFloatArray()).containsExactly(e.weight.select(0, 2).toFloatArray());
        assertThat(e.call(Tensor.of(new int[] {3}, 1)).shape()).containsExactly(1, 3); // int32 indices
        assertThat(e.call(Tensor.scalar(1, org.nabla.tensor.DType.INT64)).shape()).containsExactly(3);
    }

    @Test
    void defaultInitIsStandardNormalWithAZeroPaddingRow() {
        Embedding e = new Embedding(1000, 50, 7, new Generator(2));
        assertThat(e.weight.select(0, 7).toFloatArray()).containsOnly(0f);
        double n = 1000 * 50;
        assertThat(e.weight.mean().item()).isCloseTo(0, within(5 / Math.sqrt(n)));
        assertThat(e.weight.std().item()).isCloseTo(1, within(5 / Math.sqrt(2 * n)));
    }

    @Test
    void thePaddingRowPassesItsValueButGetsNoGradient() {
        Embedding e = new Embedding(4, 2, -1, new Generator(3)); // padding_idx -1 is row 3
        assertThat(e.paddingIdx()).isEqualTo(3);
        assertThat(e).hasToString("Embedding(4, 2, padding_idx=3)");
        try (var s = org.nabla.autograd.GradMode.noGrad()) {
            e.weight.select(0, 3).fill(5);
        }
        Tensor y = e.call(Tensor.of(new long[] {3, 1, 1, 3, 0}, 5));
        assertThat(y.select(0, 0).toFloatArray()).containsExactly(5, 5);
        y.backward(Tensor.ones(5, 2).mul(Tensor.arange(1, 6).to(org.nabla.tensor.DType.FLOAT32).reshape(5, 1)));
        // Rows: 0 gets 5, 1 gets 2 + 3, 2 nothing, 3 (padding) nothing.
        assertThat(e.weight.grad().toFloatArray()).containsExactly(5, 5, 5, 5, 0, 0, 0, 0);
    }

    @Test
    void gradCheckOfTheWeightWithRepeatedIndices() {
        Tensor w = NormLayersTest.leaf(4, 5, 3);
        Tensor idx = Tensor.of(new long[] {1, 4, 1, 0, 4, 4}, 2, 3);
        GradCheck.assertGradients(xs -> F.embedding(idx, xs[0], null), w);
        GradCheck.assertGradients(xs -> F.embedding(idx, xs[0], 2), w); // padding row not looked up
    }

    @Test
    void fromPretrainedSharesTheTableAndFreezesOnRequest() {
        Tensor table = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Embedding frozen = Embedding.fromPretrained(table, true, null);
        assertThat(frozen.weight.requiresGrad()).isFalse();
        assertThat(frozen.call(Tensor.of(new long[] {2}, 1)).toFloatArray()).containsExactly(5, 6);
        assertThat(Embedding.fromPretrained(table, false, 0).weight.requiresGrad()).isTrue();
        assertThat(Embedding.fromPretrained(table, false, 0).weight.select(0, 0).toFloatArray()).containsExactly(1, 2);
    }

    @Test
    void badIndicesNameTheLayer() {
        Embedding e = new Embedding(10, 3);
        assertThatThrownBy(() -> e.call(Tensor.of(new long[] {1, 10, 2, 3}, 2, 2)))
                .hasMessage("Embedding(10, 3): embedding: index 10 is out of range [0, 10) in indices of shape [2, 2]");
        assertThatThrownBy(() -> e.call(Tensor.of(new long[] {-1}, 1)))
                .hasMessage("Embedding(10, 3): embedding: index -1 is out of range [0, 10) in indices of shape [1]");
        assertThatThrownBy(() -> e.call(Tensor.zeros(2)))
                .hasMessage("Embedding(10, 3): embedding: expected int64 or int32 indices, got float32 [2]");
        assertThatThrownBy(() -> new Embedding(10, 3, 10)).hasMessage("Embedding: padding_idx 10 must be within [-10, 10)");
    }
}

package org.nabla.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Keys projected once (a decoder's every step) attend as the keys projected at each call. */
class AdditiveAttentionTest {
    @Test
    void projectedKeysGiveTheSameContextAndWeights() {
        Generator g = new Generator(3);
        AdditiveAttention a = new AdditiveAttention(4, 6, 5, g);
        Tensor query = Tensor.randn(g, 2, 4), keys = Tensor.randn(g, 2, 7, 6), values = Tensor.randn(g, 2, 7, 3);
        Tensor padding = Tensor.of(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1}, 2, 7);
        AlignedContext direct = a.call(query, keys, values, padding), projected = a.callProjected(query, a.projectKeys(keys), values, padding);
        assertThat(projected.context().toFloatArray()).containsExactly(direct.context().toFloatArray(), within(1e-6f));
        assertThat(projected.weights().toFloatArray()).containsExactly(direct.weights().toFloatArray(), within(1e-6f));
        assertThat(projected.weights().select(0, 1).narrow(0, 3, 4).toFloatArray()).containsOnly(0f);
        assertThatThrownBy(() -> a.projectKeys(Tensor.zeros(2, 7, 5))).hasMessageContaining("expected keys [B, S, 6], got [2, 7, 5]");
        assertThatThrownBy(() -> a.callProjected(query, keys, values, null)).hasMessageContaining("expected query [B, 4], keys [B, S, 5]");
    }
}

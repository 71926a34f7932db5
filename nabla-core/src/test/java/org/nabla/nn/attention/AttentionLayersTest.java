package org.nabla.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.nn.LayerNorm;
import org.nabla.nn.functional.AttentionResult;
import org.nabla.nn.functional.F;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Behaviour of the attention modules beyond the PyTorch fixtures: masks, layouts, initialisation, dropout, errors. */
class AttentionLayersTest {

    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape); }

    private static void assertClose(Tensor actual, Tensor expected, double tol) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        float[] a = actual.contiguous().toFloatArray(), e = expected.contiguous().toFloatArray();
        for (int i = 0; i < a.length; i++) assertThat(a[i]).as("element %d", i).isCloseTo(e[i], within((float) tol));
    }

    @Test
    void causalFlagIntegerMaskAndAdditiveMaskAgree() {
        Tensor q = randn(1, 2, 5, 4), k = randn(2, 2, 5, 4), v = randn(3, 2, 5, 3);
        Tensor causal = F.scaledDotProductAttention(q, k, v, null, 0, true, null);
        Tensor mayAttend = Tensor.ones(DType.INT64, 5, 5).tril();
        assertClose(F.scaledDotProductAttention(q, k, v, mayAttend, 0, false, null), causal, 1e-6);
        assertClose(F.scaledDotProductAttention(q, k, v, Masks.causal(5), 0, false, null), causal, 1e-6);
        // The first query sees the first key only.
        assertClose(causal.select(1, 0), v.select(1, 0), 1e-6);
        assertThatThrownBy(() -> F.scaledDotProductAttention(q, k, v, mayAttend, 0, true, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("either attn_mask or is_causal");
    }

    @Test
    void masksMarkTheFutureAndThePadding() {
        assertThat(Masks.causal(3).toFloatArray()).containsExactly(0, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 0, 0,
                Float.NEGATIVE_INFINITY, 0, 0, 0);
        assertThat(Masks.padding(Tensor.of(new long[] {3, 1}, 2), 4).toLongArray()).containsExactly(0, 0, 0, 1, 0, 1, 1, 1);
    }

    @Test
    void paddedKeysDoNotChangeTheOutput() {
        var mha = new MultiheadAttention(8, 2, 0, true, true, new Generator(4));
        Tensor q = randn(5, 2, 3, 8), kv = randn(6, 2, 4, 8);
        Tensor padding = Masks.padding(Tensor.of(new long[] {4, 2}, 2), 4);
        AttentionResult r = mha.call(q, kv, kv, padding, true, null);
        Tensor changed = kv.copy();
        changed.narrow(0, 1, 1).narrow(1, 2, 2).fill(100);
        assertClose(mha.call(q, changed, changed, padding, true, null).output(), r.output(), 1e-5);
        assertThat(r.weights().select(0, 1).narrow(1, 2, 2).toFloatArray()).containsOnly(0f);
    }

    @Test
    void multiheadAttentionHasPyTorchsParametersAndInitialisation() {
        var mha = new MultiheadAttention(12, 3, 0, true, false, new Generator(7));
        assertThat(mha.stateDict().keySet()).containsExactly("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias");
        assertThat(mha.inProjBias.toFloatArray()).containsOnly(0f);
        assertThat(mha.stateDict().get("out_proj.bias").toFloatArray()).containsOnly(0f);
        double bound = Math.sqrt(6.0 / (12 + 36));
        assertThat(mha.inProjWeight.abs().max().item()).isLessThanOrEqualTo(bound).isGreaterThan(bound * 0.9);
        assertThatThrownBy(() -> new MultiheadAttention(10, 3)).hasMessageContaining("divisible by num_heads");
    }

    @Test
    void sequenceFirstIsBatchFirstTransposed() {
        var seqFirst = new MultiheadAttention(8, 2, 0, true, false, new Generator(1));
        var batchFirst = new MultiheadAttention(8, 2, 0, true, true, new Generator(2));
        batchFirst.loadStateDict(seqFirst.stateDict(), true);
        Tensor x = randn(3, 2, 5, 8);
        Tensor mask = Masks.causal(5);
        Tensor a = batchFirst.call(x, x, x, null, false, mask).output();
        Tensor b = seqFirst.call(x.transpose(0, 1), x.transpose(0, 1), x.transpose(0, 1), null, false, mask).output();
        assertClose(b.transpose(0, 1), a, 1e-6);
        // Unbatched input is a batch of one.
        assertClose(batchFirst.call(x.select(0, 1), x.select(0, 1), x.select(0, 1), null, false, mask).output(), a.select(0, 1), 1e-6);
    }

    @Test
    void dropoutActsOnTheWeightsInTrainingOnly() {
        var mha = new MultiheadAttention(4, 1, 0.5, true, true, new Generator(3));
        Tensor x = randn(8, 2, 6, 4);
        Tensor w = mha.call(x, x, x).weights();
        assertThat(w.eq(0).sum().item()).isGreaterThan(0);
        mha.eval();
        Tensor evalWeights = mha.call(x, x, x).weights();
        assertThat(evalWeights.eq(0).sum().item()).isZero();
        assertClose(evalWeights.sum(-1), Tensor.ones(2, 6), 1e-6);
    }

    @Test
    void transformerLayersHavePyTorchsStateDictKeys() {
        var options = TransformerOptions.of(8, 2).withDimFeedforward(16);
        var encoder = new TransformerEncoder(new TransformerEncoderLayer(options, new Generator(1)), 2, new LayerNorm(8));
        assertThat(encoder.stateDict().keySet()).containsExactly(
                "layers.0.self_attn.in_proj_weight", "layers.0.self_attn.in_proj_bias", "layers.0.self_attn.out_proj.weight",
                "layers.0.self_attn.out_proj.bias", "layers.0.linear1.weight", "layers.0.linear1.bias", "layers.0.linear2.weight",
                "layers.0.linear2.bias", "layers.0.norm1.weight", "layers.0.norm1.bias", "layers.0.norm2.weight", "layers.0.norm2.bias",
                "layers.1.self_attn.in_proj_weight", "layers.1.self_attn.in_proj_bias", "layers.1.self_attn.out_proj.weight",
                "layers.1.self_attn.out_proj.bias", "layers.1.linear1.weight", "layers.1.linear1.bias", "layers.1.linear2.weight",
                "layers.1.linear2.bias", "layers.1.norm1.weight", "layers.1.norm1.bias", "layers.1.norm2.weight", "layers.1.norm2.bias",
                "norm.weight", "norm.bias");
        // As PyTorch's deep copies: equal values, separate parameters.
        List<TransformerEncoderLayer> layers = encoder.layers();
        assertClose(layers.get(1).stateDict().get("linear1.weight"), layers.get(0).stateDict().get("linear1.weight"), 0);
        assertThat(layers.get(1).parameters().get(0)).isNotSameAs(layers.get(0).parameters().get(0));
        var decoder = new TransformerDecoderLayer(options, new Generator(2));
        assertThat(decoder.stateDict().keySet()).containsExactly("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight",
                "self_attn.out_proj.bias", "multihead_attn.in_proj_weight", "multihead_attn.in_proj_bias", "multihead_attn.out_proj.weight",
                "multihead_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias",
                "norm2.weight", "norm2.bias", "norm3.weight", "norm3.bias");
        assertThatThrownBy(() -> options.withActivation("tanh")).hasMessageContaining("relu or gelu");
    }

    @Test
    void sinusoidalEncodingFollowsVaswani() {
        var pe = new SinusoidalPositionalEncoding(6, 10);
        Tensor table = pe.encoding(0, 10);
        for (int pos : new int[] {0, 3, 9})
            for (int i = 0; i < 6; i += 2) {
                double angle = pos / Math.pow(10000, (double) i / 6);
                assertThat(table.get(pos, i)).isCloseTo(Math.sin(angle), within(1e-6));
                assertThat(table.get(pos, i + 1)).isCloseTo(Math.cos(angle), within(1e-6));
            }
        Tensor x = randn(1, 2, 4, 6);
        assertClose(pe.forward(x, 3).sub(x), pe.encoding(3, 4).unsqueeze(0).expand(2, 4, 6), 1e-6);
        assertThatThrownBy(() -> pe.forward(randn(2, 1, 11, 6))).hasMessageContaining("exceed max_length 10");
        assertThat(pe.stateDict()).isEmpty();
    }

    @Test
    void learnedPositionsTrainTheRowsUsed() {
        var pos = new LearnedPositionalEmbedding(8, 3, new Generator(1));
        Tensor x = randn(2, 2, 3, 3);
        pos.forward(x, 2).sum().backward();
        float[] g = pos.weight.grad().toFloatArray();
        for (int row = 0; row < 8; row++)
            for (int c = 0; c < 3; c++) assertThat(g[row * 3 + c]).isEqualTo(row >= 2 && row < 5 ? 2f : 0f);
    }

    @Test
    void badInputsAreNamed() {
        var mha = new MultiheadAttention(4, 2, 0, true, true, new Generator(1));
        Tensor x = randn(1, 2, 3, 4);
        assertThatThrownBy(() -> mha.call(x, x, x, Tensor.zeros(DType.INT64, 2, 5), false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key_padding_mask must be [2, 3]");
        assertThatThrownBy(() -> mha.call(x, x, x, null, false, Tensor.zeros(4, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attn_mask must be [3, 3]");
        assertThatThrownBy(() -> mha.call(randn(2, 2, 3, 5))).hasMessageStartingWith("MultiheadAttention(");
        assertThatThrownBy(() -> new AdditiveAttention(3, 2, 4, new Generator(1)).call(randn(1, 2, 3), randn(2, 2, 4, 3), randn(3, 2, 4, 5), null))
                .hasMessageContaining("keys [B, S, 2]");
        assertThatThrownBy(() -> new MultiplicativeAttention(3, 2, MultiplicativeAttention.Score.DOT, new Generator(1)))
                .hasMessageContaining("use GENERAL");
    }
}

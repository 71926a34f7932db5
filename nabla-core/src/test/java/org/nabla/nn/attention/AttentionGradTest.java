package org.nabla.nn.attention;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradCoverage;
import org.nabla.nn.functional.F;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Finite-difference gradient checks (float64) of the attention functions and the seq2seq attention modules: every
 * input and weight, with causal, boolean, additive and padding masks, and strided (transposed) inputs.
 */
@ExtendWith(GradCoverage.class)
class AttentionGradTest {

    private static Tensor normal(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).to(DType.FLOAT64); }

    private static Tensor leaf(long seed, int... shape) { return normal(seed, shape).requiresGrad(true); }

    @Test
    void scaledDotProductAttentionWithEveryMaskKind() {
        GradCoverage.assertGradients(in -> F.scaledDotProductAttention(in[0], in[1], in[2]), leaf(1, 2, 3, 4), leaf(2, 2, 5, 4), leaf(3, 2, 5, 3));
        GradCoverage.assertGradients(in -> F.scaledDotProductAttention(in[0], in[1], in[2], null, 0, true, null),
                leaf(4, 2, 2, 4, 3), leaf(5, 2, 2, 4, 3), leaf(6, 2, 2, 4, 3));
        Tensor attend = Tensor.of(new long[] {1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0}, 3, 4);
        GradCoverage.assertGradients(in -> F.scaledDotProductAttention(in[0], in[1], in[2], attend, 0, false, null),
                leaf(7, 2, 3, 2), leaf(8, 2, 4, 2), leaf(9, 2, 4, 3));
        Tensor additive = normal(10, 2, 3, 4);
        GradCoverage.assertGradients(in -> F.scaledDotProductAttention(in[0], in[1], in[2], additive, 0, false, null),
                leaf(11, 2, 3, 2), leaf(12, 2, 4, 2), leaf(13, 2, 4, 3));
        // The weights too, and a custom scale.
        GradCoverage.assertGradients(in -> F.scaledDotProductAttentionWithWeights(in[0], in[1], in[2], null, 0, false, 0.3, null).weights(),
                leaf(14, 3, 2), leaf(15, 4, 2), leaf(16, 4, 2));
        // Strided inputs: [N, L, H, d] views read as [N, H, L, d], as multi-head attention makes them.
        GradCoverage.assertGradients(in -> F.scaledDotProductAttention(in[0].transpose(1, 2), in[1].transpose(1, 2), in[2].transpose(1, 2)),
                leaf(17, 2, 3, 2, 4), leaf(18, 2, 3, 2, 4), leaf(19, 2, 3, 2, 4));
        GradCoverage.assertGradients(in -> F.scaledDotProductAttention(in[0], in[1], in[2]),
                normal(20, 3, 2, 4).transpose(0, 1).detach().requiresGrad(true), leaf(21, 2, 5, 4), leaf(22, 2, 5, 3));
    }

    @Test
    void multiHeadAttentionInEveryInputAndWeight() {
        Tensor padding = Tensor.of(new long[] {0, 0, 0, 1, 0, 0, 1, 1}, 2, 4);
        Tensor causal = Masks.causal(4).to(DType.FLOAT64);
        // Self-attention (one packed projection) with a causal and a padding mask, weights averaged over the heads.
        for (boolean weights : new boolean[] {false, true})
            GradCoverage.assertGradients(in -> {
                var r = F.multiHeadAttention(in[0], in[0], in[0], 2, in[1], in[2], in[3], in[4], padding, causal, true, true, 0, true, null);
                return weights ? r.weights() : r.output();
            }, leaf(1, 2, 4, 4), leaf(2, 12, 4), leaf(3, 12), leaf(4, 4, 4), leaf(5, 4));
        // Cross-attention, key and value distinct, no biases, a per-head integer mask.
        Tensor perHead = Tensor.of(new long[] {0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0}, 4, 2, 3);
        GradCoverage.assertGradients(in -> F.multiHeadAttention(in[0], in[1], in[2], 2, in[3], null, in[4], null, null, perHead, false, true, 0, true, null)
                .output(), leaf(6, 2, 2, 4), leaf(7, 2, 3, 4), leaf(8, 2, 3, 4), leaf(9, 12, 4), leaf(10, 4, 4));
        // Key is value; the per-head weights.
        GradCoverage.assertGradients(in -> F.multiHeadAttention(in[0], in[1], in[1], 3, in[2], in[3], in[4], in[5], null, null, true, false, 0, true, null)
                .weights(), leaf(11, 2, 2, 6), leaf(12, 2, 3, 6), leaf(13, 18, 6), leaf(14, 18), leaf(15, 6, 6), leaf(16, 6));
    }

    @Test
    void seq2seqAttentionsInQueryKeysAndValues() {
        Tensor padding = Tensor.of(new long[] {0, 0, 0, 1, 0, 0, 0, 0}, 2, 4);
        var additive = new AdditiveAttention(3, 2, 5, new Generator(1));
        GradCoverage.assertGradients(in -> additive.call(in[0], in[1], in[2], padding).context(), leaf(1, 2, 3), leaf(2, 2, 4, 2), leaf(3, 2, 4, 3));
        var general = new MultiplicativeAttention(3, 2, MultiplicativeAttention.Score.GENERAL, new Generator(2));
        GradCoverage.assertGradients(in -> general.call(in[0], in[1], in[2], padding).weights(), leaf(4, 2, 3), leaf(5, 2, 4, 2), leaf(6, 2, 4, 3));
        var dot = new MultiplicativeAttention(3);
        GradCoverage.assertGradients(in -> dot.call(in[0], in[1], in[1], null).context(), leaf(7, 2, 3), leaf(8, 2, 4, 3));
    }
}

package org.nabla.nn.functional;

import java.util.Arrays;
import java.util.List;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Shape;
import org.nabla.tensor.Tensor;

/**
 * Attention behind {@link F}: scaled dot-product attention (PyTorch 2's {@code scaled_dot_product_attention}) and
 * the multi-head attention of {@code nn.MultiheadAttention}, composed of matmul, softmax and dropout (their
 * gradients come with them).
 *
 * <p>Two mask conventions, each PyTorch's. For {@link #scaledDotProduct} an integer (boolean-style) mask marks with
 * non-zero the positions that MAY be attended to (PyTorch's bool {@code attn_mask}: True takes part). For
 * {@link #multiHead}, as {@code nn.MultiheadAttention}'s {@code attn_mask} and {@code key_padding_mask}, non-zero
 * marks the positions that may NOT be attended to (padding, the future). In both, a floating mask is added to the
 * scores as it is (0 keeps, -inf removes).
 */
final class Attention {
    private Attention() {}

    static AttentionResult scaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP, boolean isCausal, Double scale,
                                            Generator gen) {
        String who = "scaled_dot_product_attention";
        if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2 || q.size(-1) != k.size(-1) || k.size(-2) != v.size(-2))
            throw new IllegalArgumentException(who + ": expected query [..., L, E], key [..., S, E] and value [..., S, Ev], got "
                    + Shape.str(q.shape()) + ", " + Shape.str(k.shape()) + " and " + Shape.str(v.shape()));
        if (!q.dtype().isFloating()) throw new IllegalArgumentException(who + ": expected a floating-point query, got " + q.dtype());
        checkP(who, dropoutP);
        if (isCausal && attnMask != null)
            throw new IllegalArgumentException(who + ": give either attn_mask or is_causal, not both");
        int l = q.size(-2), s = k.size(-2);
        Tensor bias = null;
        if (isCausal) bias = causalBias(l, s, q.dtype());
        else if (attnMask != null) bias = bias(who, "attn_mask", attnMask, false, q.dtype(), l, s);
        double sc = scale != null ? scale : 1 / Math.sqrt(q.size(-1));
        return attend(q, k, v, bias, sc, dropoutP, gen);
    }

    /**
     * softmax(q k^T * scale + bias) v over the last two dims (batch dims broadcast), dropout on the weights.
     * The scale multiplies q, the smaller operand, before the product (as PyTorch 1.13's multi-head attention).
     */
    private static AttentionResult attend(Tensor q, Tensor k, Tensor v, Tensor bias, double scale, double dropoutP, Generator gen) {
        Tensor scores = q.mul(scale).matmul(k.transpose(k.dim() - 2, k.dim() - 1));
        if (bias != null) scores = scores.add(bias);
        Tensor weights = scores.softmax(-1);
        if (dropoutP > 0) weights = Dropouts.dropout(weights, dropoutP, true, gen);
        return new AttentionResult(weights.matmul(v), weights);
    }

    /** [l, s] with -inf where column > row (a position may not see later ones), 0 elsewhere. */
    static Tensor causalBias(int l, int s, DType dtype) {
        Tensor above = Tensor.ones(dtype, l, s).triu(1);
        return Tensor.where(above, Tensor.scalar(Double.NEGATIVE_INFINITY, dtype), Tensor.scalar(0, dtype));
    }

    /**
     * A mask as an additive float bias: a floating mask as it is (cast to dtype); an integer one as 0 / -inf, with
     * non-zero meaning "blocked" when blockedIfSet, else "may attend". Its last two dims must broadcast to [l, s]
     * (s alone for a key padding mask, l = 1).
     */
    private static Tensor bias(String who, String name, Tensor mask, boolean blockedIfSet, DType dtype, int l, int s) {
        int[] ms = mask.shape();
        boolean fits = ms.length >= 1 && (ms[ms.length - 1] == s || ms[ms.length - 1] == 1)
                && (ms.length < 2 || ms[ms.length - 2] == l || ms[ms.length - 2] == 1);
        if (!fits)
            throw new IllegalArgumentException(who + ": " + name + " of shape " + Shape.str(ms) + " does not broadcast to the scores' [..., " + l + ", " + s + "]");
        if (mask.dtype().isFloating()) return mask.to(dtype);
        Tensor blocked = blockedIfSet ? mask.ne(0) : mask.eq(0);
        return Tensor.where(blocked, Tensor.scalar(Double.NEGATIVE_INFINITY, dtype), Tensor.scalar(0, dtype));
    }

    /**
     * nn.MultiheadAttention's forward on batch-first inputs: query [N, L, E] (or unbatched [L, E]), key and value
     * [N, S, E]; inProjWeight [3E, E] holds W_q, W_k, W_v stacked, inProjBias [3E] or null, the output projection
     * outProjWeight [E, E] and outProjBias [E] or null. keyPaddingMask [N, S] and attnMask [L, S] or [N * heads, L, S]
     * (or null): non-zero integers are blocked, floats are added to the scores. Weights, when asked for, are
     * [N, L, S] averaged over the heads, or [N, heads, L, S]; dropout on them only in training.
     */
    static AttentionResult multiHead(Tensor query, Tensor key, Tensor value, int numHeads, Tensor inProjWeight, Tensor inProjBias,
                                     Tensor outProjWeight, Tensor outProjBias, Tensor keyPaddingMask, Tensor attnMask,
                                     boolean needWeights, boolean averageWeights, double dropoutP, boolean training, Generator gen) {
        String who = "multi_head_attention";
        boolean unbatched = query.dim() == 2;
        int rank = unbatched ? 2 : 3;
        if (query.dim() != rank || key.dim() != rank || value.dim() != rank)
            throw new IllegalArgumentException(who + ": expected query [N, L, E], key and value [N, S, E] (or all unbatched), got "
                    + Shape.str(query.shape()) + ", " + Shape.str(key.shape()) + " and " + Shape.str(value.shape()));
        if (unbatched) {
            AttentionResult r = multiHead(query.unsqueeze(0), key.unsqueeze(0), value.unsqueeze(0), numHeads, inProjWeight, inProjBias,
                    outProjWeight, outProjBias, keyPaddingMask == null ? null : keyPaddingMask.unsqueeze(0), attnMask, needWeights,
                    averageWeights, dropoutP, training, gen);
            return new AttentionResult(r.output().squeeze(0), r.weights() == null ? null : r.weights().squeeze(0));
        }
        int n = query.size(0), l = query.size(1), e = query.size(2), s = key.size(1);
        if (key.size(0) != n || value.size(0) != n || key.size(2) != e || value.size(2) != e || value.size(1) != s)
            throw new IllegalArgumentException(who + ": query " + Shape.str(query.shape()) + ", key " + Shape.str(key.shape()) + " and value "
                    + Shape.str(value.shape()) + " need the same batch and embedding sizes, and key and value the same length");
        if (numHeads <= 0 || e % numHeads != 0)
            throw new IllegalArgumentException(who + ": embed_dim " + e + " must be divisible by num_heads " + numHeads);
        if (!Arrays.equals(inProjWeight.shape(), new int[] {3 * e, e}) || (inProjBias != null && !Arrays.equals(inProjBias.shape(), new int[] {3 * e}))
                || !Arrays.equals(outProjWeight.shape(), new int[] {e, e}) || (outProjBias != null && !Arrays.equals(outProjBias.shape(), new int[] {e})))
            throw new IllegalArgumentException(who + ": expected in_proj_weight [" + 3 * e + ", " + e + "], in_proj_bias [" + 3 * e
                    + "], out_proj weight [" + e + ", " + e + "] and bias [" + e + "], got " + Shape.str(inProjWeight.shape()) + ", "
                    + (inProjBias == null ? "none" : Shape.str(inProjBias.shape())) + ", " + Shape.str(outProjWeight.shape()) + ", "
                    + (outProjBias == null ? "none" : Shape.str(outProjBias.shape())));
        checkP(who, dropoutP);
        int hd = e / numHeads;

        // Projections: one GEMM for self-attention (PyTorch's fast path), two when key is value, else three.
        Tensor q, k, v;
        if (query == key && key == value) {
            List<Tensor> qkv = F.linear(query, inProjWeight, inProjBias).chunk(3, -1);
            q = qkv.get(0);
            k = qkv.get(1);
            v = qkv.get(2);
        } else if (key == value) {
            q = F.linear(query, inProjWeight.narrow(0, 0, e), part(inProjBias, 0, e));
            List<Tensor> kv = F.linear(key, inProjWeight.narrow(0, e, 2 * e), part(inProjBias, e, 2 * e)).chunk(2, -1);
            k = kv.get(0);
            v = kv.get(1);
        } else {
            q = F.linear(query, inProjWeight.narrow(0, 0, e), part(inProjBias, 0, e));
            k = F.linear(key, inProjWeight.narrow(0, e, e), part(inProjBias, e, e));
            v = F.linear(value, inProjWeight.narrow(0, 2 * e, e), part(inProjBias, 2 * e, e));
        }
        // [N, T, E] -> [N, heads, T, hd]
        q = q.reshape(n, l, numHeads, hd).permute(0, 2, 1, 3);
        k = k.reshape(n, s, numHeads, hd).permute(0, 2, 1, 3);
        v = v.reshape(n, s, numHeads, hd).permute(0, 2, 1, 3);

        Tensor bias = null;
        if (attnMask != null) {
            if (attnMask.dim() == 3) {
                if (!Arrays.equals(attnMask.shape(), new int[] {n * numHeads, l, s}))
                    throw new IllegalArgumentException(who + ": a 3-d attn_mask must be [" + n * numHeads + ", " + l + ", " + s + "] (batch * heads, L, S), got "
                            + Shape.str(attnMask.shape()));
                bias = bias(who, "attn_mask", attnMask.reshape(n, numHeads, l, s), true, query.dtype(), l, s);
            } else if (attnMask.dim() == 2 && attnMask.size(0) == l && attnMask.size(1) == s) {
                bias = bias(who, "attn_mask", attnMask, true, query.dtype(), l, s);
            } else {
                throw new IllegalArgumentException(who + ": attn_mask must be [" + l + ", " + s + "] or [" + n * numHeads + ", " + l + ", " + s + "], got "
                        + Shape.str(attnMask.shape()));
            }
        }
        if (keyPaddingMask != null) {
            if (!Arrays.equals(keyPaddingMask.shape(), new int[] {n, s}))
                throw new IllegalArgumentException(who + ": key_padding_mask must be [" + n + ", " + s + "] (batch, S), got " + Shape.str(keyPaddingMask.shape()));
            Tensor padding = bias(who, "key_padding_mask", keyPaddingMask.reshape(n, 1, 1, s), true, query.dtype(), l, s);
            bias = bias == null ? padding : bias.add(padding);
        }
        AttentionResult r = attend(q, k, v, bias, 1 / Math.sqrt(hd), training ? dropoutP : 0, gen);
        Tensor out = r.output().permute(0, 2, 1, 3).reshape(n, l, e);
        out = F.linear(out, outProjWeight, outProjBias);
        Tensor weights = !needWeights ? null : averageWeights ? r.weights().mean(1) : r.weights();
        return new AttentionResult(out, weights);
    }

    private static Tensor part(Tensor bias, int start, int length) { return bias == null ? null : bias.narrow(0, start, length); }

    private static void checkP(String who, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(who + ": dropout probability has to be in [0, 1], got " + p);
    }
}

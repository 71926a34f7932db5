package org.nabla.nn.attention;

import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Additive attention (Bahdanau et al., 2015) for encoder-decoder models: score(q, k_s) = v^T tanh(W_q q + W_k k_s),
 * softmax over the source positions, context = the weighted sum of the values. Parameters {@code query_proj.weight}
 * [hidden, queryDim], {@code key_proj.weight} [hidden, keyDim] and {@code v.weight} [1, hidden], no biases, each
 * initialised as a Linear's.
 */
public final class AdditiveAttention extends Module {
    private final int queryDim, keyDim, hidden;
    private final Submodule<Linear> queryProj, keyProj, v;

    public AdditiveAttention(int queryDim, int keyDim, int hidden, Generator gen) {
        this.queryDim = queryDim;
        this.keyDim = keyDim;
        this.hidden = hidden;
        queryProj = registerModule("query_proj", Linear.class, new Linear(queryDim, hidden, false, gen));
        keyProj = registerModule("key_proj", Linear.class, new Linear(keyDim, hidden, false, gen));
        v = registerModule("v", Linear.class, new Linear(hidden, 1, false, gen));
    }

    /**
     * query [B, queryDim] (the decoder state), keys [B, S, keyDim] and values [B, S, H] (the encoder outputs),
     * paddingMask [B, S] non-zero at padded source positions (or null) -> context [B, H] and weights [B, S].
     */
    public AlignedContext call(Tensor query, Tensor keys, Tensor values, Tensor paddingMask) {
        return invoke(() -> forward(query, keys, values, paddingMask), query, keys, values, paddingMask);
    }

    private AlignedContext forward(Tensor query, Tensor keys, Tensor values, Tensor paddingMask) {
        AlignedContext.check(toString(), query, keys, values, queryDim, keyDim);
        return attend(query, keyProj.get().call(keys), values, paddingMask);
    }

    /**
     * The keys' projection W_k k [B, S, hidden]: a decoder attending over one source at every step computes it once
     * and passes it to {@link #callProjected}.
     */
    public Tensor projectKeys(Tensor keys) {
        if (keys.dim() != 3 || keys.size(2) != keyDim)
            throw new IllegalArgumentException(this + ": expected keys [B, S, " + keyDim + "], got " + org.nabla.tensor.Shape.str(keys.shape()));
        return keyProj.get().call(keys);
    }

    /** {@link #call} with the keys already projected by {@link #projectKeys} ([B, S, hidden]). */
    public AlignedContext callProjected(Tensor query, Tensor projectedKeys, Tensor values, Tensor paddingMask) {
        return invoke(() -> {
            AlignedContext.check(toString(), query, projectedKeys, values, queryDim, hidden);
            return attend(query, projectedKeys, values, paddingMask);
        }, query, projectedKeys, values, paddingMask);
    }

    private AlignedContext attend(Tensor query, Tensor projectedKeys, Tensor values, Tensor paddingMask) {
        Tensor energy = projectedKeys.add(queryProj.get().call(query).unsqueeze(1)).tanh();
        return AlignedContext.of(toString(), v.get().call(energy).squeeze(-1), values, paddingMask);
    }

    @Override
    protected String extraRepr() { return "query_dim=" + queryDim + ", key_dim=" + keyDim + ", hidden=" + hidden; }
}

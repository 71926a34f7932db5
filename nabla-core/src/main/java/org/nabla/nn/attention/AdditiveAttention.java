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
        Tensor energy = keyProj.get().call(keys).add(queryProj.get().call(query).unsqueeze(1)).tanh();
        Tensor scores = v.get().call(energy).squeeze(-1);
        return AlignedContext.of(toString(), scores, values, paddingMask);
    }

    @Override
    protected String extraRepr() { return "query_dim=" + queryDim + ", key_dim=" + keyDim + ", hidden=" + hidden; }
}

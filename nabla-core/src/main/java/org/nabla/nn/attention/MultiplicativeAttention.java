package org.nabla.nn.attention;

import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Multiplicative attention (Luong et al., 2015) for encoder-decoder models: score "dot" q . k_s (query and keys of
 * the same width) or "general" q^T W_a k_s, softmax over the source positions, context = the weighted sum of the
 * values. "general" has one parameter, {@code w_a.weight} [keyDim, queryDim] (no bias, a Linear's initialisation):
 * the query is projected once, W_a q, and dotted with every key.
 */
public final class MultiplicativeAttention extends Module {
    /** Luong's score functions. */
    public enum Score { DOT, GENERAL }

    private final int queryDim, keyDim;
    private final Score score;
    private final Submodule<Linear> wa;

    /** "dot" attention over keys as wide as the query. */
    public MultiplicativeAttention(int dim) { this(dim, dim, Score.DOT, Generator.global()); }

    public MultiplicativeAttention(int queryDim, int keyDim, Score score, Generator gen) {
        if (queryDim <= 0 || keyDim <= 0)
            throw new IllegalArgumentException("MultiplicativeAttention: dims must be positive, got " + queryDim + " and " + keyDim);
        if (score == Score.DOT && queryDim != keyDim)
            throw new IllegalArgumentException("MultiplicativeAttention: dot scores need query and keys of one width, got " + queryDim + " and " + keyDim
                    + " (use GENERAL)");
        this.queryDim = queryDim;
        this.keyDim = keyDim;
        this.score = score;
        wa = score == Score.GENERAL ? registerModule("w_a", Linear.class, new Linear(queryDim, keyDim, false, gen)) : null;
    }

    /**
     * query [B, queryDim], keys [B, S, keyDim] and values [B, S, H], paddingMask [B, S] non-zero at padded source
     * positions (or null) -> context [B, H] and weights [B, S].
     */
    public AlignedContext call(Tensor query, Tensor keys, Tensor values, Tensor paddingMask) {
        return invoke(() -> forward(query, keys, values, paddingMask), query, keys, values, paddingMask);
    }

    private AlignedContext forward(Tensor query, Tensor keys, Tensor values, Tensor paddingMask) {
        AlignedContext.check(toString(), query, keys, values, queryDim, keyDim);
        Tensor q = wa == null ? query : wa.get().call(query);
        Tensor scores = keys.bmm(q.unsqueeze(-1)).squeeze(-1);
        return AlignedContext.of(toString(), scores, values, paddingMask);
    }

    public Score score() { return score; }

    @Override
    protected String extraRepr() { return "query_dim=" + queryDim + ", key_dim=" + keyDim + ", score=" + score.name().toLowerCase(java.util.Locale.ROOT); }
}

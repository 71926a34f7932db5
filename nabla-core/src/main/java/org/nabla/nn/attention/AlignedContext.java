package org.nabla.nn.attention;

import org.nabla.tensor.Shape;
import org.nabla.tensor.Tensor;

/**
 * What an encoder-decoder attention returns for one decoder step: the context [B, H] (the values averaged with the
 * weights) and the alignment weights [B, S] over the source positions (the rows of an attention heatmap).
 */
public record AlignedContext(Tensor context, Tensor weights) {

    /**
     * softmax of scores [B, S] over the source, padded positions (paddingMask [B, S] non-zero, or null) removed, then
     * the weighted sum of values [B, S, H].
     */
    static AlignedContext of(String who, Tensor scores, Tensor values, Tensor paddingMask) {
        if (paddingMask != null) {
            if (!java.util.Arrays.equals(paddingMask.shape(), scores.shape()))
                throw new IllegalArgumentException(who + ": padding mask must be " + Shape.str(scores.shape()) + " (batch, source length), got "
                        + Shape.str(paddingMask.shape()));
            scores = scores.maskedFill(paddingMask.ne(0), Double.NEGATIVE_INFINITY);
        }
        Tensor weights = scores.softmax(-1);
        return new AlignedContext(weights.unsqueeze(1).bmm(values).squeeze(1), weights);
    }

    /** Checks query [B, queryDim], keys [B, S, keyDim] and values [B, S, H]. */
    static void check(String who, Tensor query, Tensor keys, Tensor values, int queryDim, int keyDim) {
        if (query.dim() != 2 || keys.dim() != 3 || values.dim() != 3 || query.size(1) != queryDim || keys.size(2) != keyDim
                || keys.size(0) != query.size(0) || values.size(0) != query.size(0) || values.size(1) != keys.size(1))
            throw new IllegalArgumentException(who + ": expected query [B, " + queryDim + "], keys [B, S, " + keyDim + "] and values [B, S, H], got "
                    + Shape.str(query.shape()) + ", " + Shape.str(keys.shape()) + " and " + Shape.str(values.shape()));
    }
}

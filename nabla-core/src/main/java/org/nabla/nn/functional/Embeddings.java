package org.nabla.nn.functional;

import java.util.Arrays;
import org.nabla.tensor.Shape;
import org.nabla.tensor.Tensor;

/** Table lookup behind {@link F#embedding}. */
final class Embeddings {
    private Embeddings() {}

    /** Rows of weight [num, dim] picked by integer indices of any shape; the paddingIdx row (may be negative, or null) gets no gradient. */
    static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) {
        String op = "embedding";
        if (weight.dim() != 2) throw new IllegalArgumentException(op + ": weight must be 2-d [num, dim], got " + Shape.str(weight.shape()));
        if (indices.dtype().isFloating())
            throw new IllegalArgumentException(op + ": expected int64 or int32 indices, got " + indices.dtype() + " " + Shape.str(indices.shape()));
        int num = weight.size(0);
        if (paddingIdx != null) {
            if (paddingIdx < -num || paddingIdx >= num)
                throw new IllegalArgumentException(op + ": padding_idx " + paddingIdx + " must be within [" + -num + ", " + num + ")");
            if (paddingIdx < 0) paddingIdx += num;
        }
        long[] ids = indices.toLongArray();
        boolean hasPadding = false;
        for (long id : ids) {
            if (id < 0 || id >= num)
                throw new IllegalArgumentException(op + ": index " + id + " is out of range [0, " + num + ") in indices of shape " + Shape.str(indices.shape()));
            hasPadding |= paddingIdx != null && id == paddingIdx;
        }
        Tensor flat = Tensor.of(ids, ids.length);
        Tensor rows = weight.indexSelect(0, flat);
        // The padding row's value passes, its gradient does not (PyTorch skips that row in the backward).
        if (hasPadding && rows.requiresGrad()) rows = Tensor.where(flat.eq(paddingIdx).unsqueeze(1), rows.detach(), rows);
        int[] shape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        shape[indices.dim()] = weight.size(1);
        return rows.reshape(shape);
    }
}

package org.nabla.backend;

import org.nabla.tensor.DType;
import org.nabla.tensor.Layout;
import org.nabla.tensor.Storage;

/**
 * The narrow seam between the autograd graph and the kernels. Every method takes storages with their
 * layouts (which may be strided views) and returns a fresh contiguous storage, or writes into a given one.
 * The graph never touches primitive arrays; a new backend (GPU, native) implements only this interface
 * and a {@link BackendProvider}; {@link Backends} chooses it.
 */
public interface Backend {

    Storage full(DType dtype, int size, double value);

    /** A contiguous copy of the viewed elements, converted to dtype. */
    Storage copy(Storage src, Layout layout, DType dtype);

    /** Writes src's viewed elements into dst's viewed elements (equal shapes), converting dtype. */
    void copyInto(Storage src, Layout srcLayout, Storage dst, Layout dstLayout);

    /** y += alpha * x in place, x of y's dtype viewed with y's shape (broadcast): the optimisers' update. */
    void axpyInPlace(double alpha, Storage x, Layout lx, Storage y, Layout ly);

    /** y = alpha * x + beta * y in place (x as in axpyInPlace, not sharing y's storage), rounded like scale then axpy. */
    default void axpbyInPlace(double alpha, Storage x, Layout lx, double beta, Storage y, Layout ly) {
        scaleInPlace(beta, y, ly);
        axpyInPlace(alpha, x, lx, y, ly);
    }

    /**
     * Adam's update of p, m (exp_avg), v (exp_avg_sq) and, for AMSGrad, vmax (else null) from the gradient g, in one
     * pass, each element through the same float operations as the tensor-op form. Returns false, touching nothing,
     * when this backend has no fused path for these storages (the optimizer then runs the tensor-op form).
     */
    default boolean adamInPlace(AdamStep k, Storage p, Layout lp, Storage g, Layout lg, Storage m, Layout lm,
                                Storage v, Layout lv, Storage vmax, Layout lvmax) {
        return false;
    }

    /** y *= alpha in place. */
    void scaleInPlace(double alpha, Storage y, Layout ly);

    /** op(x) for a floating dtype; the result has x's dtype. */
    Storage unary(UnaryOp op, Storage x, Layout lx);

    /** op(a, b) for a and b of one floating dtype whose layouts are already broadcast to the same shape. */
    Storage binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb);

    /** cond != 0 ? a : b; all three layouts broadcast to the same shape, a and b of one dtype. */
    Storage where(Storage cond, Layout lc, Storage a, Layout la, Storage b, Layout lb);

    /**
     * Reduces the given dims (sorted, distinct); the result keeps them with size 1. Floating inputs keep their
     * dtype; integer sums are int64, integer max and min keep the input dtype.
     */
    Storage reduce(ReduceOp op, Storage x, Layout lx, int[] dims);

    /** log_softmax of a floating tensor along dim, in its dtype: x - max - log(sum(exp(x - max))). */
    Storage logSoftmax(Storage x, Layout lx, int dim);

    /** The gradient of log_softmax along dim from the upstream gradient g and its output out: g - exp(out) * sum(g). */
    Storage logSoftmaxBackward(Storage g, Layout lg, Storage out, Layout lout, int dim);

    /** softmax of a floating tensor along dim, in its dtype: exp(x - max) / sum(exp(x - max)); a row of -inf gives NaN. */
    Storage softmax(Storage x, Layout lx, int dim);

    /** The gradient of softmax along dim from the upstream gradient g and its output out: out * (g - sum(g * out)). */
    Storage softmaxBackward(Storage g, Layout lg, Storage out, Layout lout, int dim);

    /**
     * Layer norm over rows of {@code size} (the last dims) of x: {out, mean, rstd} with out = (x - mean) * rstd * w + b,
     * mean and rstd one per row (biased variance, rstd = 1 / sqrt(var + eps)); w and b contiguous [size] or null.
     */
    Storage[] layerNorm(Storage x, Layout lx, int size, Storage w, Storage b, double eps);

    /** {dx, dw, db} of {@link #layerNorm} from the upstream g, its input x and saved mean and rstd; dw and db null without w. */
    Storage[] layerNormBackward(Storage g, Layout lg, Storage x, Layout lx, Storage mean, Storage rstd, Storage w, int size);

    /**
     * Batch norm in training of x viewed as [n, c, inner] (channel dim 1, every other dim normalised over): {out, mean,
     * var, rstd} with out = (x - mean) * rstd * w + b, mean, biased var and rstd = 1 / sqrt(var + eps) one per channel;
     * w and b contiguous [c] in x's dtype, or null.
     */
    Storage[] batchNorm(Storage x, Layout lx, int channels, Storage w, Storage b, double eps);

    /** {dx, dw, db} of {@link #batchNorm} from the upstream g, its input x and the saved mean and rstd; dw and db null without w. */
    Storage[] batchNormBackward(Storage g, Layout lg, Storage x, Layout lx, Storage mean, Storage rstd, Storage w, int channels);

    /** Index (int64) of the first maximum or minimum along dim; the result keeps dim with size 1. */
    Storage argReduce(ReduceOp op, Storage x, Layout lx, int dim);

    /**
     * Running sums or products along dim (torch.cumsum, torch.cumprod), from the last element backwards when reverse.
     * Floating inputs keep their dtype and accumulate in float64; integer inputs give int64.
     */
    Storage scan(ScanOp op, Storage x, Layout lx, int dim, boolean reverse);

    /**
     * Int64 positions along dim of the first k elements of each row in stable sorted order: ascending, or descending,
     * NaN above every number and -0.0 equal to 0.0 (torch.sort's order); the result has x's shape with dim of size k.
     */
    Storage sortIndices(Storage x, Layout lx, int dim, boolean descending, int k);

    /** Batched matrix product of 3-D layouts [B, M, K] x [B, K, N] -> contiguous [B, M, N]. */
    default Storage matmul(Storage a, Layout la, Storage b, Layout lb) { return matmul(a, la, b, lb, null, null); }

    /** c0 + A x B, where c0 (null for zeros) is viewed as [B, M, N] (typically a broadcast bias): PyTorch's addmm/baddbmm. */
    Storage matmul(Storage a, Layout la, Storage b, Layout lb, Storage c0, Layout lc0);

    /** out[i][j][k] = x[idx[i][j][k]][j][k] for dim 0, and so on (torch.gather); out has idx's shape. */
    Storage gather(Storage x, Layout lx, int dim, Storage idx, Layout li);

    /** dst[idx[i][j][k]][j][k] += src[i][j][k] for dim 0, and so on (torch.Tensor.scatter_add_), in place. */
    void scatterAdd(Storage dst, Layout ld, int dim, Storage idx, Layout li, Storage src, Layout ls);

    /** dst[idx[i][j][k]][j][k] = src[i][j][k] for dim 0, and so on (torch.Tensor.scatter_), in place. */
    void scatter(Storage dst, Layout ld, int dim, Storage idx, Layout li, Storage src, Layout ls);

    /** Picks the slices idx[0], idx[1], ... of x along dim (torch.index_select). */
    Storage indexSelect(Storage x, Layout lx, int dim, Storage idx, Layout li);

    /**
     * c += a x b in place for 2-D layouts [M, K] x [K, N] -> [M, N] (strided operands allowed): the raw GEMM without
     * an output allocation, for benchmarks. The CPU backend takes float32 with a row-major c.
     */
    void matmulInto(Storage a, Layout la, Storage b, Layout lb, Storage c, Layout lc);

    /**
     * The forward of one layer and direction of a recurrent network over all its steps (see {@link RecurrenceSpec}).
     * Every storage is dense (contiguous from 0) and of one floating dtype: xProj [T, B, G*H] (the input projection
     * of every step, with b_ih, and with b_hh too except for GRU), wHh [G*H, H], bHh [G*H] (GRU, whose b_hn sits
     * inside r * (W_hn h + b_hn); null otherwise or without bias), h0 and c0 [B, H] (c0 for LSTM only). Returns the
     * packed output [T + 1 (+ 1 for LSTM), B, H] (every step's h, zero where a row has ended, then the final h and c)
     * followed by the storages the backward needs.
     */
    Storage[] recurrence(RecurrenceSpec spec, Storage xProj, Storage wHh, Storage bHh, Storage h0, Storage c0);

    /**
     * Backpropagation through time for {@link #recurrence}: dOut is the packed output's gradient (dense), saved the
     * storages the forward returned after the output; reuseSaved: this is the last backward through them, so they
     * may be overwritten (the input gradient of LSTM and RNN goes where their gates were saved). Returns {dXProj,
     * dWHh, dBHh (GRU, else null), dH0, dC0 (LSTM, else null)}.
     */
    Storage[] recurrenceBackward(RecurrenceSpec spec, Storage dOut, Storage wHh, Storage[] saved, boolean reuseSaved);

    /** What this backend reports about itself in benchmark records: its name, and e.g. the CPU's vector width. */
    default java.util.Map<String, Object> properties() { return java.util.Map.of(); }

    /** 2-D convolution of x [n, c, h, w] with w [o, c/groups, kh, kw], plus bias [o] unless null -> [n, o, outH, outW]. */
    Storage conv2d(Storage x, Layout lx, Storage w, Layout lw, Storage bias, Layout lbias, Conv2dSpec spec);

    /** Gradient of conv2d with respect to its input, from dy [n, o, outH, outW] -> [n, c, h, w]. */
    Storage conv2dInputGrad(Storage dy, Layout ldy, Storage w, Layout lw, Conv2dSpec spec);

    /** Gradient of conv2d with respect to its weight -> [o, c/groups, kh, kw]. */
    Storage conv2dWeightGrad(Storage dy, Layout ldy, Storage x, Layout lx, Conv2dSpec spec);

    /** Max pooling: {values [n, c, outH, outW], int64 flat indices of the winners within each h*w plane}. */
    Storage[] maxPool2d(Storage x, Layout lx, PoolSpec spec);

    /** Gradient of max pooling: dy added to the winning cells. */
    Storage maxPool2dGrad(Storage dy, Layout ldy, Storage indices, PoolSpec spec);

    /** Average pooling -> [n, c, outH, outW]. */
    Storage avgPool2d(Storage x, Layout lx, PoolSpec spec, boolean countIncludePad);

    /** Gradient of average pooling -> [n, c, h, w]. */
    Storage avgPool2dGrad(Storage dy, Layout ldy, PoolSpec spec, boolean countIncludePad);
}

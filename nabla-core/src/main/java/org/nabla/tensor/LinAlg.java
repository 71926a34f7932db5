package org.nabla.tensor;

import org.nabla.autograd.Node;

/** Matrix products. matmul follows torch.matmul; mm and bmm are the primitives behind it. */
final class LinAlg {
    private LinAlg() {}

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0)
            throw new IllegalArgumentException("matmul: both arguments need at least one dim, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        Tensor A = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor B = b.dim() == 1 ? b.unsqueeze(1) : b;
        int m = A.size(-2), k = A.size(-1), kb = B.size(-2), n = B.size(-1);
        if (k != kb)
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape())
                    + " cannot be multiplied (" + k + " != " + kb + ")");
        Tensor out;
        if (A.dim() == 2 && B.dim() == 2) {
            out = mm(A, B);
        } else {
            int[] batchA = java.util.Arrays.copyOf(A.shape(), A.dim() - 2);
            int[] batchB = java.util.Arrays.copyOf(B.shape(), B.dim() - 2);
            int[] batch;
            try {
                batch = Shape.broadcast("matmul", batchA, batchB);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("matmul: the batch dims of shapes " + Shape.str(a.shape()) + " and "
                        + Shape.str(b.shape()) + " cannot be broadcast together", e);
            }
            int nb = Shape.numel(batch);
            Tensor A3 = A.expand(concat(batch, m, k)).reshape(nb, m, k);
            Tensor B3 = B.expand(concat(batch, k, n)).reshape(nb, k, n);
            out = bmm(A3, B3).reshape(concat(batch, m, n));
        }
        if (a.dim() == 1) out = out.squeeze(-2);
        if (b.dim() == 1) out = out.squeeze(-1);
        return out;
    }

    /** [M, K] x [K, N]. */
    static Tensor mm(Tensor a, Tensor b) {
        DType type = Elementwise.resultType(a, b);
        if (!type.isFloating()) return mm(a.to(DType.FLOAT64), b.to(DType.FLOAT64)).to(type);
        Tensor ac = Elementwise.rawCast(a, type), bc = Elementwise.rawCast(b, type);
        Storage s = Tensor.backend().matmul(ac.storage(), ac.layout().unsqueeze(0), bc.storage(), bc.layout().unsqueeze(0));
        Tensor out = Tensor.of(s, new int[] {a.size(0), b.size(1)});
        return Node.record(out, "Mm", a, g -> gradA(g, a, b), b, g -> gradB(g, a, b));
    }

    /**
     * d(a b)/da = g b^T, laid out like a: for a column-major a (a transposed view, such as a weight's t()) it is
     * computed as (b g^T)^T, so the gradient reaching the weight through the transpose is contiguous and the engine
     * keeps it as .grad instead of copying it. Both forms sum the same products in the same order.
     */
    private static Tensor gradA(Tensor g, Tensor a, Tensor b) { return columnMajor(a) ? mm(b, g.t()).t() : mm(g, b.t()); }

    /** d(a b)/db = a^T g, laid out like b (see {@link #gradA}): Linear's weight.t() gets (g^T a)^T. */
    private static Tensor gradB(Tensor g, Tensor a, Tensor b) { return columnMajor(b) ? mm(g.t(), a).t() : mm(a.t(), g); }

    /** A 2-d view whose columns are contiguous and rows are not (the transpose of a row-major matrix). */
    private static boolean columnMajor(Tensor t) {
        int[] st = t.layout().strides();
        return t.size(0) > 1 && t.size(1) > 1 && st[0] == 1 && st[1] >= t.size(0);
    }

    /**
     * bias + a x b for a [M, K], b [K, N] and bias broadcastable to [M, N] (torch.addmm): the product accumulates
     * straight onto the bias, which is how Linear layers add theirs without a second pass.
     */
    static Tensor addmm(Tensor bias, Tensor a, Tensor b) {
        if (a.dim() != 2 || b.dim() != 2 || a.size(1) != b.size(0))
            throw new IllegalArgumentException("addmm: expected [M, K] and [K, N], got shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        int[] shape = {a.size(0), b.size(1)};
        Shape.broadcast("addmm", bias.shape(), shape);
        if (!java.util.Arrays.equals(Shape.broadcast("addmm", bias.shape(), shape), shape))
            throw new IllegalArgumentException("addmm: bias of shape " + Shape.str(bias.shape()) + " does not broadcast to " + Shape.str(shape));
        DType type = Elementwise.resultType(a, b);
        if (!type.isFloating()) return addmm(bias.to(DType.FLOAT64), a.to(DType.FLOAT64), b.to(DType.FLOAT64)).to(type);
        Tensor ac = Elementwise.rawCast(a, type), bc = Elementwise.rawCast(b, type);
        Layout biasLayout = bias.layout().broadcastTo(shape).unsqueeze(0);
        Storage s = Tensor.backend().matmul(ac.storage(), ac.layout().unsqueeze(0), bc.storage(), bc.layout().unsqueeze(0),
                bias.storage(), biasLayout);
        Tensor out = Tensor.of(s, shape);
        return Node.record(out, "Addmm", bias, g -> g, a, g -> gradA(g, a, b), b, g -> gradB(g, a, b));
    }

    /** [B, M, K] x [B, K, N]. */
    static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3 || b.dim() != 3 || a.size(0) != b.size(0) || a.size(2) != b.size(1))
            throw new IllegalArgumentException("bmm: expected [B, M, K] and [B, K, N], got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        DType type = Elementwise.resultType(a, b);
        if (!type.isFloating()) return bmm(a.to(DType.FLOAT64), b.to(DType.FLOAT64)).to(type);
        Tensor ac = Elementwise.rawCast(a, type), bc = Elementwise.rawCast(b, type);
        Storage s = Tensor.backend().matmul(ac.storage(), ac.layout(), bc.storage(), bc.layout());
        Tensor out = Tensor.of(s, new int[] {a.size(0), a.size(1), b.size(2)});
        return Node.record(out, "Bmm", a, g -> bmm(g, b.transpose(1, 2)), b, g -> bmm(a.transpose(1, 2), g));
    }

    private static int[] concat(int[] batch, int x, int y) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = x;
        s[batch.length + 1] = y;
        return s;
    }
}

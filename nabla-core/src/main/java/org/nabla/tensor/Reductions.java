package org.nabla.tensor;

import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;
import org.nabla.backend.ReduceOp;

/** Reductions over any set of dims, with keepdim; each forward is followed by its backward rule. */
final class Reductions {
    private Reductions() {}

    static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        int[] nd = dims("sum", x, dims);
        int[] keepShape = keepShape(x.shape(), nd);
        Storage s = Tensor.backend().reduce(ReduceOp.SUM, x.storage(), x.layout(), nd);
        Tensor out = Tensor.of(s, keepdim ? keepShape : dropDims(x.shape(), nd));
        return Node.record(out, "Sum", x, g -> (keepdim ? g : g.reshape(keepShape)).expand(x.shape()));
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        Tensor xf = x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
        int[] nd = dims("mean", x, dims);
        return sum(xf, nd, keepdim).div(count(x.shape(), nd));
    }

    /** Variance with divisor N - correction (1 = Bessel's correction, 0 = population variance). */
    static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        Tensor xf = x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
        int[] nd = dims("var", x, dims);
        Tensor centred = xf.sub(mean(xf, nd, true));
        return sum(centred.mul(centred), nd, keepdim).div(Math.max(0, count(x.shape(), nd) - correction));
    }

    /** Max (or min) over dims; where several elements tie, the gradient is split evenly between them. */
    static Tensor amax(Tensor x, int[] dims, boolean keepdim, ReduceOp op) {
        String name = op == ReduceOp.MAX ? "max" : "min";
        int[] nd = dims(name, x, dims);
        for (int d : nd)
            if (x.shape()[d] == 0)
                throw new IllegalArgumentException(name + ": cannot reduce over dim " + d + " of size 0 in shape " + Shape.str(x.shape()));
        int[] keepShape = keepShape(x.shape(), nd);
        Tensor kept = Tensor.of(Tensor.backend().reduce(op, x.storage(), x.layout(), nd), keepShape);
        Tensor out = keepdim ? kept : Tensor.of(kept.storage(), dropDims(x.shape(), nd));
        return Node.record(out, op == ReduceOp.MAX ? "Amax" : "Amin", x, g -> {
            Tensor mask = x.eq(kept);
            return (keepdim ? g : g.reshape(keepShape)).mul(mask).div(mask.sum(nd, true));
        });
    }

    /** Values and first indices of the max (or min) along dim; the gradient flows to those indices only. */
    static ValuesIndices maxWithIndices(Tensor x, int dim, boolean keepdim, ReduceOp op) {
        String name = op == ReduceOp.MAX ? "max" : "min";
        if (x.dim() == 0) {
            Shape.normalizeDim(name, dim, 0);
            return new ValuesIndices(x.copy(), Tensor.zeros(DType.INT64));
        }
        int d = Shape.normalizeDim(name, dim, x.dim());
        if (x.shape()[d] == 0)
            throw new IllegalArgumentException(name + ": cannot reduce over dim " + d + " of size 0 in shape " + Shape.str(x.shape()));
        Tensor idx = argReduce(x, d, true, op);
        Tensor values = x.gather(d, idx);
        return keepdim ? new ValuesIndices(values, idx) : new ValuesIndices(values.squeeze(d), idx.squeeze(d));
    }

    static Tensor argReduce(Tensor x, int dim, boolean keepdim, ReduceOp op) {
        String name = op == ReduceOp.MAX ? "argmax" : "argmin";
        if (x.dim() == 0) {
            Shape.normalizeDim(name, dim, 0);
            return Tensor.zeros(DType.INT64);
        }
        int d = Shape.normalizeDim(name, dim, x.dim());
        if (x.shape()[d] == 0)
            throw new IllegalArgumentException(name + ": cannot reduce over dim " + d + " of size 0 in shape " + Shape.str(x.shape()));
        Storage s = Tensor.backend().argReduce(op, x.storage(), x.layout(), d);
        int[] nd = {d};
        return Tensor.of(s, keepdim ? keepShape(x.shape(), nd) : dropDims(x.shape(), nd));
    }

    /** log(sum(exp(x))) computed stably by shifting with the (detached) maximum. */
    static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        Tensor xf = x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
        int[] nd = dims("logsumexp", x, dims);
        Tensor shift = stableShift(xf, nd);
        Tensor out = sum(xf.sub(shift).exp(), nd, true).log().add(shift);
        return keepdim ? out : out.reshape(dropDims(x.shape(), nd));
    }

    /**
     * The detached max over dims (normalised; kept as size 1), 0 where it is infinite: subtracting it keeps exp()
     * in range. An empty tensor has no max and gets 0 (its sum over no terms is 0, the log -inf, as in PyTorch).
     */
    static Tensor stableShift(Tensor x, int[] dims) {
        if (x.numel() == 0) return Tensor.zeros(x.dtype(), keepShape(x.shape(), dims));
        try (var s = GradMode.noGrad()) {
            Tensor m = amax(x.detach(), dims, true, ReduceOp.MAX);
            return Tensor.where(m.abs().eq(Double.POSITIVE_INFINITY), Tensor.scalar(0, m.dtype()), m);
        }
    }

    /**
     * The vector p-norm over dims (all when empty), like torch.norm / torch.linalg.vector_norm: p = 2 the Euclidean
     * norm, 1 the sum of magnitudes, +-inf the largest (smallest) magnitude, 0 the count of non-zeros, any other p
     * (sum |x|^p)^(1/p). Gradients follow PyTorch's, including 0 (a subgradient) where the norm is 0.
     */
    static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        if (!x.dtype().isFloating()) throw new IllegalArgumentException("norm: input must be float32 or float64, got " + x.dtype());
        if (Double.isNaN(p)) throw new IllegalArgumentException("norm: p must be a number or +-infinity, got NaN");
        int[] nd = dims("norm", x, dims);
        if (Double.isInfinite(p))
            for (int d : nd)
                if (x.shape()[d] == 0)
                    throw new IllegalArgumentException("norm: the " + p + " norm over dim " + d + " of size 0 is undefined (shape " + Shape.str(x.shape()) + ")");
        if (p == Double.POSITIVE_INFINITY) return amax(x.abs(), nd, keepdim, ReduceOp.MAX);
        if (p == Double.NEGATIVE_INFINITY) return amax(x.abs(), nd, keepdim, ReduceOp.MIN);
        if (p == 1) return sum(x.abs(), nd, keepdim);
        if (p == 0) return sum(x.detach().ne(0), nd, keepdim);
        int[] keepShape = keepShape(x.shape(), nd);
        Tensor kept;
        try (var s = GradMode.noGrad()) {
            kept = p == 2 ? sum(x.mul(x), nd, true).sqrt() : sum(x.abs().pow(p), nd, true).pow(1 / p);
        }
        Tensor out = keepdim ? kept : kept.reshape(dropDims(x.shape(), nd));
        return Node.record(out, "Norm", x, g -> normGrad(x, out.reshape(keepShape), g.reshape(keepShape), p));
    }

    /** torch.norm with a named norm: only "fro", the 2-norm over at most two dims (all when dims is empty). */
    static Tensor norm(Tensor x, String p, int[] dims, boolean keepdim) {
        if (!p.equals("fro")) throw new IllegalArgumentException("norm: unknown norm '" + p + "'; give \"fro\" or a number");
        if (dims.length > 2) throw new IllegalArgumentException("norm: the Frobenius norm takes at most 2 dims, got " + Shape.str(dims));
        return norm(x, 2, dims, keepdim);
    }

    /**
     * d||x||_p/dx = sgn(x) |x|^(p-1) / ||x||^(p-1), with PyTorch's zeros: where the norm is 0, and for p &lt; 1 where
     * x is 0 (written as g |x|^(p-1) ||x||^(1-p) there, as PyTorch does).
     */
    private static Tensor normGrad(Tensor x, Tensor norm, Tensor g, double p) {
        Tensor zero = Tensor.scalar(0, x.dtype());
        if (p < 1) {
            Tensor scaled = Tensor.where(x.eq(0), zero, x.sign().mul(x.abs().pow(p - 1)));
            return scaled.mul(g).mul(norm.pow(1 - p));
        }
        Tensor scaled = p == 2 ? x : p < 2 ? x.sign().mul(x.abs().pow(p - 1)) : x.mul(x.abs().pow(p - 2));
        Tensor scale = p == 2 ? g.div(norm) : g.div(norm.pow(p - 1));
        return scaled.mul(Tensor.where(norm.eq(0), zero, scale));
    }

    /** Sums away leading dims and dims where shape has 1, the adjoint of broadcasting to x's shape. */
    static Tensor sumTo(Tensor x, int[] shape) {
        int[] xs = x.shape();
        if (java.util.Arrays.equals(xs, shape)) return x;
        int lead = xs.length - shape.length;
        if (lead < 0) throw new IllegalArgumentException("sumTo: cannot reduce shape " + Shape.str(xs) + " to " + Shape.str(shape));
        int[] dims = new int[xs.length];
        int n = 0;
        for (int i = 0; i < xs.length; i++) {
            if (i < lead) dims[n++] = i;
            else if (shape[i - lead] == 1 && xs[i] != 1) dims[n++] = i;
            else if (shape[i - lead] != xs[i])
                throw new IllegalArgumentException("sumTo: cannot reduce shape " + Shape.str(xs) + " to " + Shape.str(shape));
        }
        Tensor r = n == 0 ? x : sum(x, java.util.Arrays.copyOf(dims, n), true);
        return r.reshape(shape);
    }

    // ------------------------------------------------------------ helpers

    private static int[] dims(String op, Tensor x, int[] dims) {
        if (x.dim() == 0) {
            for (int d : dims) Shape.normalizeDim(op, d, 0);
            return new int[0];
        }
        return Shape.normalizeDims(op, dims, x.dim());
    }

    static int[] keepShape(int[] shape, int[] dims) {
        int[] s = shape.clone();
        for (int d : dims) s[d] = 1;
        return s;
    }

    static int[] dropDims(int[] shape, int[] dims) {
        int[] s = new int[shape.length - dims.length];
        for (int i = 0, j = 0, k = 0; i < shape.length; i++) {
            if (k < dims.length && dims[k] == i) k++;
            else s[j++] = shape[i];
        }
        return s;
    }

    private static int count(int[] shape, int[] dims) {
        int n = 1;
        for (int d : dims) n *= shape[d];
        return n;
    }
}

package org.nabla.tensor;

/**
 * sort, argsort and topk. The backend gives the positions; the values are gathered from them, so their gradient
 * is Gather's (the upstream gradient scattered back to where each value came from).
 */
final class Sorting {
    private Sorting() {}

    /** Stable sort along dim: ties keep their order, NaN sorts above every number (last ascending, first descending). */
    static ValuesIndices sort(Tensor x, int dim, boolean descending) {
        if (x.dim() == 0) return scalarCase("sort", x, dim);
        int d = Shape.normalizeDim("sort", dim, x.dim());
        Tensor idx = positions(x, d, descending, x.shape()[d]);
        return new ValuesIndices(x.gather(d, idx), idx);
    }

    static Tensor argsort(Tensor x, int dim, boolean descending) {
        if (x.dim() == 0) return scalarCase("argsort", x, dim).indices();
        int d = Shape.normalizeDim("argsort", dim, x.dim());
        return positions(x, d, descending, x.shape()[d]);
    }

    /**
     * The k largest (or smallest) elements along dim, in sorted order, with their int64 indices. Ties come in index
     * order (PyTorch leaves their order unspecified); NaN counts as the largest value, as in PyTorch. Nabla always
     * sorts the result, so sorted=false gives the same order as sorted=true.
     */
    static ValuesIndices topk(Tensor x, int k, int dim, boolean largest) {
        int size = x.dim() == 0 ? 1 : x.shape()[Shape.normalizeDim("topk", dim, x.dim())];
        if (k < 0 || k > size)
            throw new IllegalArgumentException("topk: k (" + k + ") is out of range for a dim of size " + size + " (shape " + Shape.str(x.shape()) + ")");
        if (x.dim() == 0) return scalarCase("topk", x, dim);
        int d = Shape.normalizeDim("topk", dim, x.dim());
        Tensor idx = positions(x, d, largest, k);
        return new ValuesIndices(x.gather(d, idx), idx);
    }

    /** The first k positions along dim of each row's stable order. */
    private static Tensor positions(Tensor x, int d, boolean descending, int k) {
        int[] shape = x.shape();
        shape[d] = k;
        return Tensor.of(Tensor.backend().sortIndices(x.storage(), x.layout(), d, descending, k), shape);
    }

    /** A 0-d tensor is its own sorted self at index 0 (dim must be 0 or -1). */
    private static ValuesIndices scalarCase(String op, Tensor x, int dim) {
        Shape.normalizeDim(op, dim, 0);
        Tensor idx = Tensor.zeros(DType.INT64);
        return new ValuesIndices(x.reshape(1).gather(0, idx.reshape(1)).reshape(), idx);
    }
}

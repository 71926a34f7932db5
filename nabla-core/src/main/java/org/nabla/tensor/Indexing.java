package org.nabla.tensor;

import org.nabla.autograd.Node;

/** gather, scatter, scatter_add, index_select and one_hot. */
final class Indexing {
    private Indexing() {}

    static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = checkedElementIndex("gather", x, dim, index);
        Storage s = Tensor.backend().gather(x.storage(), x.layout(), d, index.storage(), index.layout());
        Tensor out = Tensor.of(s, index.shape());
        int[] shape = x.shape();
        return Node.record(out, "Gather", x, g -> Tensor.zeros(g.dtype(), shape).scatterAdd(d, index, g));
    }

    static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        int d = checkedElementIndex("scatter_add", x, dim, index);
        Tensor out = scattered("scatter_add", true, x, d, index, src);
        int[] srcShape = src.shape();
        return Node.record(out, "ScatterAdd", x, g -> g, src, g -> zeroPadTo(g.gather(d, index), srcShape));
    }

    /**
     * A copy of x with src written at the positions index names along dim (torch.scatter). Where an index repeats,
     * the last write wins here (PyTorch leaves it unspecified). The gradient reaches x where nothing was written
     * and src from the position each of its elements was written to.
     */
    static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        int d = checkedElementIndex("scatter", x, dim, index);
        Tensor out = scattered("scatter", false, x, d, index, src);
        int[] srcShape = src.shape();
        return Node.record(out, "Scatter",
                x, g -> g.scatter(d, index, Tensor.zeros(g.dtype(), index.shape())),
                src, g -> zeroPadTo(g.gather(d, index), srcShape));
    }

    /** A copy of x with value (cast to x's dtype) at the positions index names along dim. */
    static Tensor scatter(Tensor x, int dim, Tensor index, double value) {
        return scatter(x, dim, index, Tensor.full(value, x.dtype(), index.shape()));
    }

    /** A copy of x with src written (or added) at the positions index names along d. */
    private static Tensor scattered(String op, boolean add, Tensor x, int d, Tensor index, Tensor src) {
        checkSource(op, index, src);
        Tensor out = Tensor.of(Tensor.backend().copy(x.storage(), x.layout(), x.dtype()), x.shape());
        if (add) Tensor.backend().scatterAdd(out.storage(), out.layout(), d, index.storage(), index.layout(), src.storage(), src.layout());
        else Tensor.backend().scatter(out.storage(), out.layout(), d, index.storage(), index.layout(), src.storage(), src.layout());
        return out;
    }

    /** src must have index's rank and be at least as large in every dim: its leading index-shaped block is written. */
    private static void checkSource(String op, Tensor index, Tensor src) {
        if (src.dim() != index.dim())
            throw new IllegalArgumentException(op + ": index has " + index.dim() + " dims, source has " + src.dim()
                    + " (shapes " + Shape.str(index.shape()) + " and " + Shape.str(src.shape()) + ")");
        for (int i = 0; i < src.dim(); i++)
            if (index.shape()[i] > src.shape()[i])
                throw new IllegalArgumentException(op + ": index shape " + Shape.str(index.shape()) + " exceeds source shape "
                        + Shape.str(src.shape()) + " at dim " + i);
    }

    /** g (the shape of index) padded with zeros at the end of each dim to shape: src elements beyond index were not scattered. */
    private static Tensor zeroPadTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (java.util.Arrays.equals(gs, shape)) return g;
        int[] pads = new int[2 * shape.length];
        for (int i = 0; i < shape.length; i++) pads[2 * i + 1] = shape[shape.length - 1 - i] - gs[shape.length - 1 - i];
        return g.pad(pads, 0);
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        if (index.dim() > 1)
            throw new IllegalArgumentException("index_select: index must be 0-d or 1-d, got shape " + Shape.str(index.shape()));
        int d = checkedDim("index_select", x, dim, index);
        Storage s = Tensor.backend().indexSelect(x.storage(), x.layout(), d, index.storage(), index.layout());
        int[] shape = x.shape();
        int[] outShape = shape.clone();
        outShape[d] = index.numel();
        Tensor out = Tensor.of(s, outShape);
        return Node.record(out, "IndexSelect", x, g -> {
            // index_add: spread each selected slice back to its source position.
            int[] view = new int[shape.length];
            java.util.Arrays.fill(view, 1);
            view[d] = index.numel();
            Tensor spread = index.reshape(view).expand(g.shape());
            return Tensor.zeros(g.dtype(), shape).scatterAdd(d, spread, g);
        });
    }

    /** The normalised dim, after checking what the kernels assume: a dimensioned input and integer indices. */
    private static int checkedDim(String op, Tensor x, int dim, Tensor index) {
        if (x.dim() == 0) throw new IllegalArgumentException(op + ": cannot index into a 0-d tensor; reshape it to 1-d first");
        if (index.dtype().isFloating()) throw new IllegalArgumentException(op + ": index must be int64 or int32, got " + index.dtype());
        return Shape.normalizeDim(op, dim, x.dim());
    }

    /** Like {@link #checkedDim}, for an index with one entry per element (gather, scatter): of x's rank, no larger outside dim. */
    private static int checkedElementIndex(String op, Tensor x, int dim, Tensor index) {
        int d = checkedDim(op, x, dim, index);
        if (index.dim() != x.dim())
            throw new IllegalArgumentException(op + ": index has " + index.dim() + " dims, input has " + x.dim()
                    + " (shapes " + Shape.str(index.shape()) + " and " + Shape.str(x.shape()) + ")");
        for (int i = 0; i < x.dim(); i++)
            if (i != d && index.shape()[i] > x.shape()[i])
                throw new IllegalArgumentException(op + ": index shape " + Shape.str(index.shape()) + " exceeds input shape "
                        + Shape.str(x.shape()) + " at dim " + i + " (only dim " + d + " may be larger)");
        return d;
    }

    static Tensor oneHot(Tensor index, int numClasses) {
        if (index.dtype().isFloating())
            throw new IllegalArgumentException("one_hot: class indices must be int64 or int32, got " + index.dtype());
        long[] ids = index.toLongArray();
        int n = numClasses;
        if (n == -1) {
            for (long v : ids) n = (int) Math.max(n, v + 1);
        }
        if (n <= 0) throw new IllegalArgumentException("one_hot: number of classes must be positive, got " + numClasses);
        long[] out = new long[ids.length * n];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= n)
                throw new IllegalArgumentException("one_hot: class index " + ids[i] + " is out of range for " + n + " classes");
            out[i * n + (int) ids[i]] = 1;
        }
        int[] shape = java.util.Arrays.copyOf(index.shape(), index.dim() + 1);
        shape[index.dim()] = n;
        return Tensor.of(new Storage.I64(out), shape);
    }
}

package org.nabla.tensor;

import org.nabla.autograd.Node;

/** Ops that return a view sharing the input's storage, and the copies read through a view's layout: contiguous() and flip(). */
final class Views {
    private Views() {}

    static Tensor view(Tensor x, int[] shape) {
        int[] s = Shape.inferSize("view", shape, x.shape());
        int[] strides = x.layout().viewStrides(s);
        if (strides == null)
            throw new IllegalArgumentException("view: shape " + Shape.str(s) + " is not compatible with the input's shape "
                    + Shape.str(x.shape()) + " and strides " + Shape.str(x.stride()) + "; use reshape() (which copies) instead");
        Tensor out = new Tensor(x.storage(), new Layout(s, strides, x.layout().offset()));
        int[] original = x.shape();
        return Node.record(out, "View", x, g -> g.reshape(original));
    }

    static Tensor reshape(Tensor x, int[] shape) {
        int[] s = Shape.inferSize("reshape", shape, x.shape());
        return x.layout().viewStrides(s) != null ? view(x, s) : view(contiguous(x), s);
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.dim() == 0) return reshape(x, new int[] {1});
        int s = Shape.normalizeDim("flatten", startDim, x.dim()), e = Shape.normalizeDim("flatten", endDim, x.dim());
        if (s > e) throw new IllegalArgumentException("flatten: start dim " + startDim + " comes after end dim " + endDim);
        int[] shape = x.shape();
        int[] out = new int[shape.length - (e - s)];
        int k = 0, merged = 1;
        for (int i = 0; i < shape.length; i++) {
            if (i < s || i > e) out[k++] = shape[i];
            else {
                merged *= shape[i];
                if (i == e) out[k++] = merged;
            }
        }
        return reshape(x, out);
    }

    static Tensor permute(Tensor x, int[] dims) {
        int rank = x.dim();
        if (dims.length != rank)
            throw new IllegalArgumentException("permute: got " + dims.length + " dims " + Shape.str(dims) + " for a tensor of rank " + rank);
        int[] order = new int[rank], inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int d = Shape.normalizeDim("permute", dims[i], rank);
            if (seen[d]) throw new IllegalArgumentException("permute: dims " + Shape.str(dims) + " repeat dim " + d);
            seen[d] = true;
            order[i] = d;
            inverse[d] = i;
        }
        Tensor out = new Tensor(x.storage(), x.layout().permute(order));
        return Node.record(out, "Permute", x, g -> g.permute(inverse));
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        if (x.dim() == 0) {
            Shape.normalizeDim("transpose", dim0, 0);
            Shape.normalizeDim("transpose", dim1, 0);
            return x;
        }
        int a = Shape.normalizeDim("transpose", dim0, x.dim()), b = Shape.normalizeDim("transpose", dim1, x.dim());
        int[] order = new int[x.dim()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        order[a] = b;
        order[b] = a;
        return permute(x, order);
    }

    /** Python-style slice: negative start/end count from the end and are clamped to the dim. */
    static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        if (x.dim() == 0) throw new IllegalArgumentException("slice: cannot slice a 0-d tensor");
        int d = Shape.normalizeDim("slice", dim, x.dim());
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int size = x.shape()[d];
        int s = clampIndex(start, size), e = clampIndex(end, size);
        int length = e > s ? (e - s + step - 1) / step : 0;
        Tensor out = new Tensor(x.storage(), x.layout().slice(d, s, length, step));
        int[] shape = x.shape();
        return Node.record(out, "Slice", x, g -> unslice(g, shape, d, s, step));
    }

    /** torch.narrow: strict bounds, unlike slice. */
    static Tensor narrow(Tensor x, int dim, int start, int length) {
        if (x.dim() == 0) throw new IllegalArgumentException("narrow: cannot narrow a 0-d tensor");
        int d = Shape.normalizeDim("narrow", dim, x.dim());
        int size = x.shape()[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || s + length > size)
            throw new IllegalArgumentException("narrow: start " + start + " + length " + length + " exceeds size " + size
                    + " of dim " + d + " (shape " + Shape.str(x.shape()) + ")");
        return slice(x, d, s, s + length, 1);
    }

    static Tensor select(Tensor x, int dim, int index) {
        if (x.dim() == 0) throw new IllegalArgumentException("select: cannot select from a 0-d tensor");
        int d = Shape.normalizeDim("select", dim, x.dim());
        int size = x.shape()[d];
        if (index < -size || index >= size)
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for dim " + d + " with size " + size);
        int i = index < 0 ? index + size : index;
        Tensor out = new Tensor(x.storage(), x.layout().select(d, i));
        int[] shape = x.shape();
        return Node.record(out, "Select", x, g -> unslice(g.unsqueeze(d), shape, d, i, 1));
    }

    /** The adjoint of slice: g placed into zeros of the given shape at start, start+step, ... along dim. */
    static Tensor unslice(Tensor g, int[] shape, int dim, int start, int step) {
        Tensor out = Tensor.zeros(g.dtype(), shape);
        Layout target = out.layout().slice(dim, start, g.shape()[dim], step);
        Tensor.backend().copyInto(g.storage(), g.layout(), out.storage(), target);
        int length = g.shape()[dim];
        return Node.record(out, "SliceBackward", g, gg -> slice(gg, dim, start, start + (length - 1) * step + 1, step));
    }

    static Tensor expand(Tensor x, int[] shape) {
        int rank = x.dim(), lead = shape.length - rank;
        if (lead < 0)
            throw new IllegalArgumentException("expand: the number of sizes " + Shape.str(shape) + " must be at least the tensor's rank " + rank);
        int[] target = new int[shape.length];
        int[] xs = x.shape();
        for (int i = 0; i < shape.length; i++) {
            int want = shape[i];
            if (i < lead) {
                if (want < 0) throw new IllegalArgumentException("expand: size " + want + " is not allowed in a new leading dim " + i + " of " + Shape.str(shape));
                target[i] = want;
            } else {
                int have = xs[i - lead];
                if (want == -1) want = have;
                if (want < 0) throw new IllegalArgumentException("expand: invalid size " + want + " at dim " + i + " of " + Shape.str(shape));
                if (want != have && have != 1)
                    throw new IllegalArgumentException("expand: the expanded size " + want + " must match the existing size " + have
                            + " at dim " + i + " (shape " + Shape.str(xs) + " to " + Shape.str(shape) + ")");
                target[i] = want;
            }
        }
        if (java.util.Arrays.equals(target, xs)) return x;
        Tensor out = new Tensor(x.storage(), x.layout().broadcastTo(target));
        return Node.record(out, "Expand", x, g -> g.sumTo(xs));
    }

    /** Removes dim when its size is 1 (or every size-1 dim when dim is null). */
    static Tensor squeeze(Tensor x, Integer dim) {
        int[] shape = x.shape();
        boolean[] drop = new boolean[shape.length];
        if (dim == null) {
            for (int i = 0; i < shape.length; i++) drop[i] = shape[i] == 1;
        } else {
            if (x.dim() == 0) {
                Shape.normalizeDim("squeeze", dim, 0);
                return x;
            }
            int d = Shape.normalizeDim("squeeze", dim, x.dim());
            drop[d] = shape[d] == 1;
        }
        int kept = 0;
        for (boolean b : drop) if (!b) kept++;
        if (kept == shape.length) return x;
        int[] s = new int[kept], st = new int[kept];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (drop[i]) continue;
            s[j] = shape[i];
            st[j++] = x.layout().strides()[i];
        }
        Tensor out = new Tensor(x.storage(), new Layout(s, st, x.layout().offset()));
        return Node.record(out, "Squeeze", x, g -> g.reshape(shape));
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shape.normalizeNewDim("unsqueeze", dim, x.dim());
        Tensor out = new Tensor(x.storage(), x.layout().unsqueeze(d));
        return Node.record(out, "Unsqueeze", x, g -> g.squeeze(d));
    }

    static Tensor contiguous(Tensor x) {
        if (x.isContiguous()) return x;
        Tensor out = Tensor.of(Tensor.backend().copy(x.storage(), x.layout(), x.dtype()), x.shape());
        return Node.record(out, "Contiguous", x, g -> g);
    }

    /**
     * torch.diagonal: the elements (i, i + offset) of dims dim1 and dim2 as a new last dim, a view; offset &gt; 0
     * takes a diagonal above the main one, offset &lt; 0 one below.
     */
    static Tensor diagonal(Tensor x, int offset, int dim1, int dim2) {
        if (x.dim() < 2) throw new IllegalArgumentException("diagonal: input must have at least 2 dims, got shape " + Shape.str(x.shape()));
        int d1 = Shape.normalizeDim("diagonal", dim1, x.dim()), d2 = Shape.normalizeDim("diagonal", dim2, x.dim());
        if (d1 == d2) throw new IllegalArgumentException("diagonal: dim1 and dim2 are both dim " + d1 + " of shape " + Shape.str(x.shape()));
        Tensor out = new Tensor(x.storage(), x.layout().diagonal(offset, d1, d2));
        int[] shape = x.shape();
        return Node.record(out, "Diagonal", x, g -> undiagonal(g, shape, offset, d1, d2));
    }

    /** The adjoint of diagonal: g placed on that diagonal of zeros of the given shape. */
    private static Tensor undiagonal(Tensor g, int[] shape, int offset, int d1, int d2) {
        Tensor out = Tensor.zeros(g.dtype(), shape);
        Tensor.backend().copyInto(g.storage(), g.layout(), out.storage(), out.layout().diagonal(offset, d1, d2));
        return Node.record(out, "DiagonalBackward", g, gg -> diagonal(gg, offset, d1, d2));
    }

    /** A copy with the order of the elements reversed along each of dims (torch.flip; no dims: a plain copy). */
    static Tensor flip(Tensor x, int[] dims) {
        if (x.dim() == 0) {
            Shape.normalizeDims("flip", dims, 0);
            return x.copy();
        }
        int[] nd = dims.length == 0 ? dims : Shape.normalizeDims("flip", dims, x.dim());
        Layout reversed = x.layout();
        for (int d : nd) reversed = reversed.flip(d);
        Tensor out = Tensor.of(Tensor.backend().copy(x.storage(), reversed, x.dtype()), x.shape());
        return Node.record(out, "Flip", x, g -> flip(g, nd));
    }

    private static int clampIndex(int i, int size) {
        if (i < 0) i += size;
        return Math.max(0, Math.min(size, i));
    }
}

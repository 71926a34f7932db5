package org.nabla.tensor;

import java.util.Arrays;

/**
 * Where a tensor's elements sit in its storage: element {@code (i0, i1, ...)} is at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...}. Views (permute, narrow, expand, ...) only make a new Layout.
 */
public record Layout(int[] shape, int[] strides, int offset) {

    public static Layout contiguous(int[] shape) {
        return new Layout(shape.clone(), Shape.contiguousStrides(shape), 0);
    }

    public int rank() { return shape.length; }

    public int numel() { return Shape.numel(shape); }

    /** True when elements are laid out row-major with no gaps (sizes of 1 may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    public Layout permute(int[] order) {
        int[] s = new int[order.length], st = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            s[i] = shape[order[i]];
            st[i] = strides[order[i]];
        }
        return new Layout(s, st, offset);
    }

    /** Elements start, start+step, ... below end along one dim. */
    public Layout slice(int dim, int start, int length, int step) {
        int[] s = shape.clone(), st = strides.clone();
        s[dim] = length;
        st[dim] = strides[dim] * step;
        return new Layout(s, st, offset + (length == 0 ? 0 : start * strides[dim]));
    }

    /** Removes dim, fixing it at index. */
    public Layout select(int dim, int index) {
        return new Layout(remove(shape, dim), remove(strides, dim), offset + index * strides[dim]);
    }

    /** Same shape as target where this has size 1 (or a missing leading dim), with stride 0 there. */
    public Layout broadcastTo(int[] target) {
        int lead = target.length - shape.length;
        int[] st = new int[target.length];
        for (int i = 0; i < target.length; i++) {
            if (i < lead) continue;
            int d = shape[i - lead];
            st[i] = d == 1 && target[i] != 1 ? 0 : strides[i - lead];
        }
        return new Layout(target.clone(), st, offset);
    }

    /**
     * The same elements with dim read backwards (a negative stride). Only for reading through a backend copy:
     * tensors never keep such a layout.
     */
    Layout flip(int dim) {
        int[] st = strides.clone();
        st[dim] = -strides[dim];
        return new Layout(shape, st, offset + (shape[dim] == 0 ? 0 : (shape[dim] - 1) * strides[dim]));
    }

    /**
     * The diagonal of dims d1 and d2 (d1 != d2), shifted by diag (above the main diagonal when positive), as a new
     * last dim: torch.diagonal's view.
     */
    Layout diagonal(int diag, int d1, int d2) {
        int n1 = shape[d1], n2 = shape[d2];
        int length = Math.max(0, diag >= 0 ? Math.min(n1, n2 - diag) : Math.min(n1 + diag, n2));
        int start = length == 0 ? 0 : diag >= 0 ? diag * strides[d2] : -diag * strides[d1];
        int[] s = new int[shape.length - 1], st = new int[shape.length - 1];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (d == d1 || d == d2) continue;
            s[j] = shape[d];
            st[j++] = strides[d];
        }
        s[s.length - 1] = length;
        st[st.length - 1] = strides[d1] + strides[d2];
        return new Layout(s, st, offset + start);
    }

    public Layout unsqueeze(int dim) {
        int[] s = insert(shape, dim, 1);
        int stride = dim < shape.length ? shape[dim] * strides[dim] : 1;
        return new Layout(s, insert(strides, dim, stride), offset);
    }

    /**
     * Strides for viewing this layout with a new shape without copying, or null when impossible
     * (the same rule as PyTorch's computeStride).
     */
    public int[] viewStrides(int[] newShape) {
        int numel = numel();
        if (numel == 0) return Shape.contiguousStrides(newShape);
        int[] newStrides = new int[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBase = strides.length == 0 ? 1 : strides[strides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) {
            // leftover size-1 dims at the front
            while (viewD >= 0) {
                if (newShape[viewD] != 1) return null;
                newStrides[viewD] = 1;
                viewD--;
            }
        }
        return newStrides;
    }

    static int[] remove(int[] a, int i) {
        int[] out = new int[a.length - 1];
        System.arraycopy(a, 0, out, 0, i);
        System.arraycopy(a, i + 1, out, i, a.length - i - 1);
        return out;
    }

    static int[] insert(int[] a, int i, int v) {
        int[] out = new int[a.length + 1];
        System.arraycopy(a, 0, out, 0, i);
        out[i] = v;
        System.arraycopy(a, i, out, i + 1, a.length - i);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && offset == l.offset && Arrays.equals(shape, l.shape) && Arrays.equals(strides, l.strides);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(strides) + offset; }

    @Override
    public String toString() {
        return "Layout[shape=" + Arrays.toString(shape) + ", strides=" + Arrays.toString(strides) + ", offset=" + offset + "]";
    }
}

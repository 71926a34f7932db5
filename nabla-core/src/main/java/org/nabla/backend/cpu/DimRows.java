package org.nabla.backend.cpu;

import org.nabla.tensor.DType;
import org.nabla.tensor.Layout;
import org.nabla.tensor.Shape;
import org.nabla.tensor.Storage;

/**
 * A tensor seen as rows along one dim: with its dims permuted so that dim comes last and read row-major, each run of
 * size(dim) elements is one row. Kernels that work along a dim (arg-reductions, scans, sorts) read the rows
 * contiguously, then write their results back in the tensor's own dim order.
 *
 * @param shape  the tensor's shape
 * @param dim    the dim the rows run along
 * @param order  the permutation that moves dim last
 * @param length the row length, size(dim)
 * @param count  the number of rows, the product of the other sizes
 */
record DimRows(int[] shape, int dim, int[] order, int length, int count) {

    static DimRows of(Layout lx, int dim) {
        int[] shape = lx.shape();
        int rank = shape.length;
        int[] order = new int[rank];
        int count = 1;
        for (int d = 0, j = 0; d < rank; d++) {
            if (d == dim) continue;
            order[j++] = d;
            count *= shape[d];
        }
        order[rank - 1] = dim;
        return new DimRows(shape.clone(), dim, order, shape[dim], count);
    }

    /** The elements of x row after row, as a contiguous storage of dtype. */
    Storage read(CpuBackend backend, Storage x, Layout lx, DType dtype) { return backend.copy(x, lx.permute(order), dtype); }

    /**
     * Rows of width elements each (row-major in the permuted order) as a contiguous storage of dtype in the tensor's
     * own dim order, where dim now has size width.
     */
    Storage write(CpuBackend backend, Storage rows, int width, DType dtype) {
        int[] outShape = shape.clone();
        outShape[dim] = width;
        Layout permuted = Layout.contiguous(outShape).permute(order);
        if (dim == shape.length - 1) return rows.dtype() == dtype ? rows : backend.copy(rows, permuted, dtype);
        Storage out = Storage.allocate(dtype, Shape.numel(outShape));
        backend.copyInto(rows, Layout.contiguous(permuted.shape()), out, permuted);
        return out;
    }
}

package org.nabla.backend.cpu;

import org.nabla.backend.ScanOp;
import org.nabla.tensor.DType;
import org.nabla.tensor.Layout;
import org.nabla.tensor.Storage;

/**
 * Running sums and products along a dim, row by row: floats accumulate in float64 and are rounded once per output
 * (as PyTorch's CPU cumsum does), integers in int64 (wrapping on overflow, as in PyTorch).
 */
final class ScanKernels {
    private ScanKernels() {}

    static Storage scan(CpuBackend backend, ScanOp op, Storage x, Layout lx, int dim, boolean reverse) {
        DimRows rows = DimRows.of(lx, dim);
        int len = rows.length(), count = rows.count();
        int first = reverse ? len - 1 : 0, step = reverse ? -1 : 1;
        if (x.dtype().isFloating()) {
            double[] v = ((Storage.F64) rows.read(backend, x, lx, DType.FLOAT64)).data();
            for (int r = 0; r < count; r++) {
                int i = r * len + first;
                double acc = op == ScanOp.SUM ? 0 : 1;
                if (op == ScanOp.SUM) for (int j = 0; j < len; j++, i += step) v[i] = acc += v[i];
                else for (int j = 0; j < len; j++, i += step) v[i] = acc *= v[i];
            }
            return rows.write(backend, new Storage.F64(v), len, x.dtype());
        }
        long[] v = ((Storage.I64) rows.read(backend, x, lx, DType.INT64)).data();
        for (int r = 0; r < count; r++) {
            int i = r * len + first;
            long acc = op == ScanOp.SUM ? 0 : 1;
            if (op == ScanOp.SUM) for (int j = 0; j < len; j++, i += step) v[i] = acc += v[i];
            else for (int j = 0; j < len; j++, i += step) v[i] = acc *= v[i];
        }
        return rows.write(backend, new Storage.I64(v), len, DType.INT64);
    }
}

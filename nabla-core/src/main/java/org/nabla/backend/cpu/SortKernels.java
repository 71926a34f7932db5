package org.nabla.backend.cpu;

import org.nabla.tensor.DType;
import org.nabla.tensor.Layout;
import org.nabla.tensor.Storage;

/**
 * Stable sorting along a dim: each row's elements become signed 64-bit keys whose order is the wanted order, and
 * the positions 0..n-1 are merge-sorted by key (ties keep their positions' order). No boxing, no comparator calls.
 */
final class SortKernels {
    private SortKernels() {}

    /** Runs this long are insertion-sorted before the merge passes. */
    private static final int RUN = 16;

    /** Rows times length from which the rows are shared out between the threads. */
    private static final int PARALLEL_WORK = 1 << 14;

    static Storage sortIndices(CpuBackend backend, Storage x, Layout lx, int dim, boolean descending, int k) {
        DimRows rows = DimRows.of(lx, dim);
        int len = rows.length(), count = rows.count();
        long[] keys = keys(backend, rows, x, lx, descending);
        long[] out = new long[count * k];
        Parallel.RangeBody sortRows = (from, n) -> {
            int[] idx = new int[len], tmp = new int[len];
            for (int r = from; r < from + n; r++) {
                sortRow(keys, r * len, len, idx, tmp);
                for (int j = 0; j < k; j++) out[r * k + j] = idx[j];
            }
        };
        if ((long) count * len >= PARALLEL_WORK && count > 1) Parallel.forRange(count, 1, sortRows);
        else sortRows.run(0, count);
        return rows.write(backend, new Storage.I64(out), k, DType.INT64);
    }

    /** The rows' keys, row after row: integers as they are (exact), floats by {@link #key}; negated bitwise when descending. */
    private static long[] keys(CpuBackend backend, DimRows rows, Storage x, Layout lx, boolean descending) {
        long[] keys;
        if (x.dtype().isFloating()) {
            double[] v = ((Storage.F64) rows.read(backend, x, lx, DType.FLOAT64)).data();
            keys = new long[v.length];
            for (int i = 0; i < v.length; i++) keys[i] = key(v[i]);
        } else {
            keys = ((Storage.I64) rows.read(backend, x, lx, DType.INT64)).data();
        }
        if (descending) for (int i = 0; i < keys.length; i++) keys[i] = ~keys[i];
        return keys;
    }

    /** A long whose signed order is v's numeric order, with -0.0 equal to 0.0 and every NaN above +infinity. */
    static long key(double v) {
        if (v != v) return Long.MAX_VALUE;
        long bits = Double.doubleToRawLongBits(v + 0.0); // -0.0 + 0.0 is 0.0
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** Sorts the positions 0..n-1 by keys[base + position], stably, into idx; tmp is scratch of at least n. */
    static void sortRow(long[] keys, int base, int n, int[] idx, int[] tmp) {
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int lo = 0; lo < n; lo += RUN) {
            int hi = Math.min(lo + RUN, n);
            for (int i = lo + 1; i < hi; i++) {
                int p = idx[i];
                long kp = keys[base + p];
                int j = i - 1;
                for (; j >= lo && keys[base + idx[j]] > kp; j--) idx[j + 1] = idx[j];
                idx[j + 1] = p;
            }
        }
        int[] a = idx, b = tmp;
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n), i = lo, j = mid, o = lo;
                // Equal keys take the left run's position first: the merge is stable.
                while (i < mid && j < hi) b[o++] = keys[base + a[j]] < keys[base + a[i]] ? a[j++] : a[i++];
                while (i < mid) b[o++] = a[i++];
                while (j < hi) b[o++] = a[j++];
            }
            int[] t = a;
            a = b;
            b = t;
        }
        if (a != idx) System.arraycopy(a, 0, idx, 0, n);
    }
}

package org.nabla.backend.cpu;

/**
 * Walks an n-d index space shared by several operands, each with its own strides and offset. Dims of
 * size 1 are dropped and adjacent dims that are contiguous in every operand are merged, so a contiguous
 * tensor becomes a single row and kernels run one tight loop per row.
 */
final class StridedLoop {
    private StridedLoop() {}

    /** Body of one innermost row: n elements, operand k starting at offsets[k] and stepping by steps[k]. */
    @FunctionalInterface
    interface Row {
        void run(int n, int[] offsets, int[] steps);
    }

    static void run(int[] shape, int[][] strides, int[] offsets, Row row) {
        int ops = strides.length;
        int rank = shape.length;
        // Drop size-1 dims, bail out on empty.
        int[] dims = new int[rank];
        int kept = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 0) return;
            if (shape[d] != 1) dims[kept++] = d;
        }
        int[] size = new int[kept];
        int[][] st = new int[ops][kept];
        for (int i = 0; i < kept; i++) {
            size[i] = shape[dims[i]];
            for (int k = 0; k < ops; k++) st[k][i] = strides[k][dims[i]];
        }
        // Merge dim i-1 into dim i when every operand steps over dim i exactly once per step of dim i-1.
        int r = 0;
        for (int i = 0; i < kept; i++) {
            if (r > 0) {
                boolean merge = true;
                for (int k = 0; k < ops && merge; k++) merge = st[k][r - 1] == st[k][i] * size[i];
                if (merge) {
                    size[r - 1] *= size[i];
                    for (int k = 0; k < ops; k++) st[k][r - 1] = st[k][i];
                    continue;
                }
            }
            size[r] = size[i];
            for (int k = 0; k < ops; k++) st[k][r] = st[k][i];
            r++;
        }
        int[] offs = offsets.clone();
        if (r == 0) {
            row.run(1, offs, new int[ops]);
            return;
        }
        int inner = size[r - 1];
        int[] steps = new int[ops];
        for (int k = 0; k < ops; k++) steps[k] = st[k][r - 1];
        int outer = r - 1;
        int[] counter = new int[outer];
        int[] base = offsets.clone();
        while (true) {
            System.arraycopy(base, 0, offs, 0, ops);
            row.run(inner, offs, steps);
            int d = outer - 1;
            while (d >= 0) {
                counter[d]++;
                for (int k = 0; k < ops; k++) base[k] += st[k][d];
                if (counter[d] < size[d]) break;
                for (int k = 0; k < ops; k++) base[k] -= st[k][d] * size[d];
                counter[d] = 0;
                d--;
            }
            if (d < 0) return;
        }
    }
}

package org.nabla.backend.cpu;

import org.nabla.tensor.Storage;

/** Serial C += A * B over strided float32 or float64 operands: Sgemm for float32, a plain loop for float64. */
final class Gemm {
    private Gemm() {}

    static void serial(int m, int n, int k, Storage a, int aOff, int aRow, int aCol,
                       Storage b, int bOff, int bRow, int bCol, Storage c, int cOff, int ldc) {
        switch (c) {
            case Storage.F32(float[] cd) -> Sgemm.serial(m, n, k, new Sgemm.Matrix(((Storage.F32) a).data(), aOff, aRow, aCol),
                    new Sgemm.Matrix(((Storage.F32) b).data(), bOff, bRow, bCol), cd, cOff, ldc);
            case Storage.F64(double[] cd) -> {
                double[] ad = ((Storage.F64) a).data(), bd = ((Storage.F64) b).data();
                for (int i = 0; i < m; i++)
                    for (int p = 0; p < k; p++) {
                        double av = ad[aOff + i * aRow + p * aCol];
                        int bi = bOff + p * bRow, ci = cOff + i * ldc;
                        for (int j = 0; j < n; j++) cd[ci + j] += av * bd[bi + j * bCol];
                    }
            }
            default -> throw new IllegalArgumentException("gemm: needs float32 or float64, got " + c.dtype());
        }
    }
}

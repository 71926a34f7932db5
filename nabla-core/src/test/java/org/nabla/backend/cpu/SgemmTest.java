package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SgemmTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    /** C = A B by the textbook triple loop in double precision. */
    private static double[] naive(int m, int n, int k, Sgemm.Matrix a, Sgemm.Matrix b) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double) a.data()[a.offset() + i * a.rowStride() + p * a.colStride()]
                            * b.data()[b.offset() + p * b.rowStride() + j * b.colStride()];
                c[i * n + j] = s;
            }
        return c;
    }

    private static float[] random(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = r.nextFloat() * 2 - 1;
        return v;
    }

    /** A matrix of the given logical size stored row-major, transposed, or inside a larger buffer at an offset. */
    private static Sgemm.Matrix layout(Random r, int rows, int cols, int kind) {
        return switch (kind) {
            case 0 -> new Sgemm.Matrix(random(r, rows * cols), 0, cols, 1);
            case 1 -> new Sgemm.Matrix(random(r, rows * cols), 0, 1, rows);
            default -> new Sgemm.Matrix(random(r, 7 + rows * (cols + 3)), 7, cols + 3, 1);
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void matchesTheNaiveProductOnAwkwardShapes(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(threads);
        // Also shapes at this width's tile edges: n = one vector (the narrow tile), one more (the two-vector tile),
        // rows a whole number of tiles and one more.
        int l = Simd.LANES, mr = Sgemm.MR, narrow = Sgemm.MR_NARROW;
        int[][] shapes = {{1, 1, 1}, {6, 16, 1}, {7, 17, 3}, {5, 3, 300}, {13, 1, 29}, {1, 33, 70}, {130, 70, 257},
                {3, 2100, 2}, {257, 40, 9}, {0, 5, 5}, {5, 0, 5}, {5, 5, 0},
                {2 * narrow, l, 31}, {narrow + 1, l - 1, 17}, {2 * mr, l + 1, 20}, {mr + 1, 2 * l, 9}, {3 * mr, 2 * l + 1, 260}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int kind = 0; kind < 9; kind++) {
                Sgemm.Matrix a = layout(r, m, k, kind % 3), b = layout(r, k, n, kind / 3);
                float[] c = new float[m * n + 5];
                java.util.Arrays.fill(c, 0.5f);
                Sgemm.gemm(m, n, k, a, b, c, 5, n);
                double[] want = naive(m, n, k, a, b);
                for (int i = 0; i < m * n; i++)
                    assertThat((double) c[5 + i]).as("m=%d n=%d k=%d kind=%d at %d", m, n, k, kind, i)
                            .isCloseTo(want[i] + 0.5, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.sqrt(k))));
                for (int i = 0; i < 5; i++) assertThat(c[i]).isEqualTo(0.5f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void resultDoesNotDependOnTheThreadCount(int threads) {
        Random r = new Random(7);
        int m = 300, n = 200, k = 150;
        Sgemm.Matrix a = layout(r, m, k, 0), b = layout(r, k, n, 1);
        Parallel.setThreads(1);
        float[] one = new float[m * n];
        Sgemm.gemm(m, n, k, a, b, one, 0, n);
        Parallel.setThreads(threads);
        float[] many = new float[m * n];
        Sgemm.gemm(m, n, k, a, b, many, 0, n);
        assertThat(many).containsExactly(one);
    }

    /**
     * Products large enough to split between threads, each operand stored row-major or transposed: the row-strip
     * path (B packed once and shared; several n blocks when n > 2048, several k blocks), the column-strip path (A
     * shared; several m blocks), and the MLP's layer shapes. Results match the reference, and are the same bits at
     * 1, 2 and 3 threads.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void sharedPackingPathsMatchTheReferenceAndOneThread(int threads) {
        Random r = new Random(11);
        int[][] shapes = {{520, 70, 600}, {300, 400, 9}, {2100, 2100, 1}, {64, 256, 784}, {256, 784, 64}, {1000, 10, 128},
                {64, 10, 500}, {10, 128, 300}, {37, 1500, 7}, {4000, Simd.LANES, 150}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int kind = 0; kind < 4; kind++) {
                Sgemm.Matrix a = layout(r, m, k, kind % 2), b = layout(r, k, n, kind / 2);
                Parallel.setThreads(1);
                float[] one = new float[m * n];
                Sgemm.gemm(m, n, k, a, b, one, 0, n);
                Parallel.setThreads(threads);
                float[] many = new float[m * n + 3];
                Sgemm.gemm(m, n, k, a, b, many, 3, n);
                // Arrays.mismatch, not containsExactly: AssertJ's diff is quadratic in the length even when equal.
                assertThat(java.util.Arrays.mismatch(java.util.Arrays.copyOfRange(many, 3, 3 + m * n), one))
                        .as("first element that differs from one thread, m=%d n=%d k=%d kind=%d", m, n, k, kind).isEqualTo(-1);
                if (m * n * (long) k > 20_000_000) continue; // the bit-equality above already ties it to the checked path
                double[] want = naive(m, n, k, a, b);
                for (int i = 0; i < m * n; i++)
                    assertThat((double) one[i]).as("m=%d n=%d k=%d kind=%d at %d", m, n, k, kind, i)
                            .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.sqrt(k))));
            }
        }
    }
}

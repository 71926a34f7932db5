package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nabla.backend.PoolSpec;
import org.nabla.tensor.Storage;

/** The 2x2 stride-2 max-pool paths (vector groups, overlapping last group, scalar rows) against a plain scan. */
class PoolKernelsTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    /** Scan order within the window, strict comparison, the first NaN wins: PyTorch's rule. */
    private static void naive(float[] x, PoolSpec s, float[] out, long[] idx) {
        int oh = s.outH(), ow = s.outW(), o = 0;
        for (int p = 0; p < s.n() * s.c(); p++)
            for (int y = 0; y < oh; y++)
                for (int z = 0; z < ow; z++, o++) {
                    int best = -1;
                    float bestV = 0;
                    for (int i = 0; i < 2; i++)
                        for (int j = 0; j < 2; j++) {
                            int at = (2 * y + i) * s.w() + 2 * z + j;
                            float v = x[p * s.h() * s.w() + at];
                            if (best < 0 || v > bestV || (v != v && bestV == bestV)) {
                                best = at;
                                bestV = v;
                            }
                        }
                    out[o] = bestV;
                    idx[o] = best;
                }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void twoByTwoMatchesTheScanOnEveryRowWidth(int threads) {
        Parallel.setThreads(threads);
        Random r = new Random(threads);
        // rows of 8 or more outputs go 8 at a time (the last group overlapping the one before); narrower rows with
        // Simd.LANES or more planes go Simd.LANES planes at a time: whole groups, a remainder, odd sizes
        int l = Simd.LANES;
        int[][] shapes = {{3, 6, 28, 28}, {2, 16, 10, 10}, {2, 3, 9, 35}, {1, 2, 5, 16}, {1, 5, 7, 18}, {4, 1, 2, 2}, {1, 1, 3, 33},
                {3, 5, 10, 10}, {1, 9, 6, 8}, {2, 4, 11, 9}, {5, 4, 2, 2},
                {1, 2 * l + 3, 4, 2 * l - 2}, {2, l, 6, 2 * l}, {1, 3, 5, 2 * l + 2}, {1, 2, 4, 4 * l + 6}};
        for (int[] sh : shapes)
            for (int kind = 0; kind < 3; kind++) {
                float[] x = new float[sh[0] * sh[1] * sh[2] * sh[3]];
                for (int i = 0; i < x.length; i++)
                    // kind 1: ReLU-like, many ties at zero; kind 2: a few small integers (ties everywhere) and NaNs
                    x[i] = switch (kind) {
                        case 0 -> (float) r.nextGaussian();
                        case 1 -> Math.max(0f, (float) r.nextGaussian());
                        default -> r.nextInt(40) == 0 ? Float.NaN : r.nextInt(3);
                    };
                PoolSpec s = new PoolSpec(sh[0], sh[1], sh[2], sh[3], 2, 2, 2, 2, 0, 0, false);
                int q = sh[0] * sh[1] * s.outH() * s.outW();
                float[] want = new float[q];
                long[] wantIdx = new long[q];
                naive(x, s, want, wantIdx);
                Storage[] got = PoolKernels.maxForward(new Storage.F32(x), s);
                String what = java.util.Arrays.toString(sh) + " kind " + kind;
                assertThat(((Storage.F32) got[0]).data()).as(what).containsExactly(want);
                assertThat(((Storage.I64) got[1]).data()).as(what).containsExactly(wantIdx);
            }
    }
}

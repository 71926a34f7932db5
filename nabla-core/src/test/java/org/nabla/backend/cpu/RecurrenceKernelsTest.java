package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nabla.backend.RecurrenceSpec;
import org.nabla.backend.RecurrentCell;
import org.nabla.tensor.Storage;

/**
 * The float32 recurrence (packed W_hh, row strips on the threads, vectorised gates, gates kept in the input's storage)
 * against the float64 one on the same values: every cell, both directions, rows of different lengths, a hidden size
 * that is not a multiple of the vector width, with and without reusing the input and saved buffers. Runs at both vector widths (the second Surefire execution).
 */
class RecurrenceKernelsTest {
    private static final int T = 5, B = 19, H = 21;

    private static double[] random(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (r.nextDouble() * 2 - 1) * scale;
        return v;
    }

    private static Storage f32(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return new Storage.F32(f);
    }

    private static void assertClose(String what, Storage f, Storage d) {
        if (d == null) {
            assertThat(f).as(what).isNull();
            return;
        }
        float[] a = ((Storage.F32) f).data();
        double[] b = ((Storage.F64) d).data();
        assertThat(a.length).as(what).isEqualTo(b.length);
        for (int i = 0; i < b.length; i++) assertThat((double) a[i]).as("%s[%d]", what, i).isCloseTo(b[i], within(2e-5 * (1 + Math.abs(b[i]))));
    }

    @Test
    void float32MatchesFloat64ForEveryCellDirectionAndLengths() {
        Random r = new Random(7);
        for (RecurrentCell cell : RecurrentCell.values()) {
            int gh = cell.gates * H;
            for (boolean reverse : new boolean[] {false, true}) {
                for (int[] lengths : new int[][] {null, {5, 1, 3, 5, 2, 4, 5, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 3}}) {
                    for (boolean reuse : new boolean[] {false, true}) {
                        double[] x = random(r, T * B * gh, 1.5), w = random(r, gh * H, 0.4), h0 = random(r, B * H, 1), c0 = random(r, B * H, 1);
                        double[] bhh = random(r, gh, 0.5), dOut = random(r, (T + 2) * B * H, 1);
                        boolean lstm = cell == RecurrentCell.LSTM, gru = cell == RecurrentCell.GRU;
                        RecurrenceSpec sp = new RecurrenceSpec(cell, T, B, H, reverse, lengths, reuse);
                        int outRows = sp.outputRows() * B * H;
                        Storage[] fd = RecurrenceKernels.forward(sp, new Storage.F64(x.clone()), new Storage.F64(w), gru ? new Storage.F64(bhh) : null,
                                new Storage.F64(h0), lstm ? new Storage.F64(c0) : null);
                        Storage[] ff = RecurrenceKernels.forward(sp, f32(x), f32(w), gru ? f32(bhh) : null, f32(h0), lstm ? f32(c0) : null);
                        String what = cell + (reverse ? " reverse" : "") + (lengths != null ? " lengths" : "") + (reuse ? " reuse" : "");
                        assertClose(what + " output", ff[0], fd[0]);
                        double[] g = java.util.Arrays.copyOf(dOut, outRows);
                        Storage[] bd = RecurrenceKernels.backward(sp, new Storage.F64(g), new Storage.F64(w), java.util.Arrays.copyOfRange(fd, 1, fd.length), reuse);
                        Storage[] bf = RecurrenceKernels.backward(sp, f32(g), f32(w), java.util.Arrays.copyOfRange(ff, 1, ff.length), reuse);
                        String[] names = {"dX", "dW", "dB", "dh0", "dc0"};
                        for (int k = 0; k < names.length; k++) assertClose(what + " " + names[k], bf[k], bd[k]);
                    }
                }
            }
        }
    }
}

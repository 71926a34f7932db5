package org.nabla.backend.cpu;

import org.nabla.backend.RecurrenceSpec;

/**
 * The float64 gate passes of {@link RecurrenceKernels} (the float32 twin is {@link RecurrentGatesFloat}): for rows
 * [r0, r1) that run step t, the nonlinearities and the state update (forward), or the gates' gradients (backward).
 * Rows past their length are left alone: their state carries over and their output stays zero.
 */
final class RecurrentGatesDouble {
    private RecurrentGatesDouble() {}

    private static double sigmoid(double v) { return 1 / (1 + Math.exp(-v)); }

    /**
     * pre: [B, G*H] from preAt, x[t] + h W_hh^T (LSTM, RNN) or h W_hh^T + b_hh (GRU, whose x[t] is read from x;
     * pre may be act's step t itself: a row's gates are all read before they are written); h, c: the state, updated in place; act, cPrev, tanhC: the saved values at step t; out: the packed output.
     */
    static void forward(RecurrenceSpec sp, int t, int r0, int r1, double[] x, double[] pre, int preAt, double[] h, double[] c, double[] act, double[] cPrev,
                        double[] tanhC, double[] out) {
        int batch = sp.batch(), hid = sp.hidden(), g = sp.cell().gates * hid, aw = RecurrenceKernels.savedGateWidth(sp.cell(), hid);
        for (int b = r0; b < r1; b++) {
            if (!sp.runs(b, t)) continue;
            int p = preAt + b * g, q = b * hid, row = t * batch + b, a = row * aw, o = row * hid;
            switch (sp.cell()) {
                case LSTM -> {
                    for (int j = 0; j < hid; j++) {
                        double i = sigmoid(pre[p + j]), f = sigmoid(pre[p + hid + j]), gg = Math.tanh(pre[p + 2 * hid + j]);
                        double og = sigmoid(pre[p + 3 * hid + j]);
                        double cp = c[q + j], cn = f * cp + i * gg, tc = Math.tanh(cn), hn = og * tc;
                        act[a + j] = i;
                        act[a + hid + j] = f;
                        act[a + 2 * hid + j] = gg;
                        act[a + 3 * hid + j] = og;
                        cPrev[o + j] = cp;
                        tanhC[o + j] = tc;
                        c[q + j] = cn;
                        h[q + j] = hn;
                        out[o + j] = hn;
                    }
                }
                case GRU -> {
                    int xr = row * g;
                    for (int j = 0; j < hid; j++) {
                        double r = sigmoid(x[xr + j] + pre[p + j]), z = sigmoid(x[xr + hid + j] + pre[p + hid + j]);
                        double hn = pre[p + 2 * hid + j], n = Math.tanh(x[xr + 2 * hid + j] + r * hn);
                        double hy = (h[q + j] - n) * z + n;
                        act[a + j] = r;
                        act[a + hid + j] = z;
                        act[a + 2 * hid + j] = n;
                        act[a + 3 * hid + j] = hn;
                        h[q + j] = hy;
                        out[o + j] = hy;
                    }
                }
                case RNN_TANH, RNN_RELU -> {
                    boolean relu = sp.cell() == org.nabla.backend.RecurrentCell.RNN_RELU;
                    for (int j = 0; j < hid; j++) {
                        double v = pre[p + j], hy = relu ? Math.max(v, 0) : Math.tanh(v);
                        act[a + j] = hy;
                        h[q + j] = hy;
                        out[o + j] = hy;
                    }
                }
            }
        }
    }

    /**
     * Step t of the backward for every row that runs it: dh (and dc) hold the gradient flowing back from step t + 1;
     * adds the output's gradient dOut[t], writes the gates' gradients into dX[t] and dHH[t] (the same array except for
     * GRU), and leaves in dh the part of dh_{t-1} that does not go through W_hh (GRU: dh * z; else 0) and in dc the
     * cell's gradient dc_{t-1}.
     */
    static void backward(RecurrenceSpec sp, int t, int r0, int r1, double[] dOut, double[] hPrev, double[] act, double[] cPrev, double[] tanhC,
                         double[] dh, double[] dc, double[] dX, double[] dHH) {
        int batch = sp.batch(), hid = sp.hidden(), g = sp.cell().gates * hid, aw = RecurrenceKernels.savedGateWidth(sp.cell(), hid);
        for (int b = r0; b < r1; b++) {
            int q = b * hid, row = t * batch + b, a = row * aw, o = row * hid, d = row * g;
            if (!sp.runs(b, t)) {
                // No gradient for a step the row does not run (dX may hold what the forward left there).
                java.util.Arrays.fill(dX, d, d + g, 0);
                java.util.Arrays.fill(dHH, d, d + g, 0);
                continue;
            }
            switch (sp.cell()) {
                case LSTM -> {
                    for (int j = 0; j < hid; j++) {
                        double dhv = dh[q + j] + dOut[o + j];
                        double i = act[a + j], f = act[a + hid + j], gg = act[a + 2 * hid + j], og = act[a + 3 * hid + j];
                        double tc = tanhC[o + j];
                        double dcv = dc[q + j] + dhv * og * (1 - tc * tc);
                        dX[d + j] = dcv * gg * i * (1 - i);
                        dX[d + hid + j] = dcv * cPrev[o + j] * f * (1 - f);
                        dX[d + 2 * hid + j] = dcv * i * (1 - gg * gg);
                        dX[d + 3 * hid + j] = dhv * tc * og * (1 - og);
                        dc[q + j] = dcv * f;
                        dh[q + j] = 0;
                    }
                }
                case GRU -> {
                    for (int j = 0; j < hid; j++) {
                        double dhv = dh[q + j] + dOut[o + j];
                        double r = act[a + j], z = act[a + hid + j], n = act[a + 2 * hid + j], hn = act[a + 3 * hid + j];
                        double dnPre = dhv * (1 - z) * (1 - n * n);
                        double dzPre = dhv * (hPrev[o + j] - n) * z * (1 - z);
                        double drPre = dnPre * hn * r * (1 - r);
                        dX[d + j] = drPre;
                        dX[d + hid + j] = dzPre;
                        dX[d + 2 * hid + j] = dnPre;
                        dHH[d + j] = drPre;
                        dHH[d + hid + j] = dzPre;
                        dHH[d + 2 * hid + j] = dnPre * r;
                        dh[q + j] = dhv * z;
                    }
                }
                case RNN_TANH -> {
                    for (int j = 0; j < hid; j++) {
                        double dhv = dh[q + j] + dOut[o + j], hy = act[a + j];
                        dX[d + j] = dhv * (1 - hy * hy);
                        dh[q + j] = 0;
                    }
                }
                case RNN_RELU -> {
                    for (int j = 0; j < hid; j++) {
                        double dhv = dh[q + j] + dOut[o + j];
                        dX[d + j] = act[a + j] > 0 ? dhv : 0;
                        dh[q + j] = 0;
                    }
                }
            }
        }
    }
}

package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nabla.backend.RecurrenceSpec;
import org.nabla.backend.RecurrentCell;

/**
 * The float32 gate passes of {@link RecurrenceKernels} (the float64 twin is {@link RecurrentGatesDouble}): for rows
 * [r0, r1) that run step t, the nonlinearities and the state update in one pass (forward), or the gates' gradients
 * (backward). Rows past their length are left alone: their state carries over and their output stays zero. LSTM's
 * passes are vectorised (Vector API, with {@link FastMath}'s exp-based sigmoid and tanh); the scalar loops use the
 * same functions, so a row's bits do not depend on the path.
 */
final class RecurrentGatesFloat {
    private static final VectorSpecies<Float> S = Simd.FLOAT;
    private static final int L = S.length();

    private RecurrentGatesFloat() {}

    /**
     * pre: [B, G*H] from preAt, x[t] + h W_hh^T (LSTM, RNN) or h W_hh^T + b_hh (GRU, whose x[t] is read from x;
     * pre may be act's step t itself: a row's gates are all read before they are written); h, c: the state, updated in place; act, cPrev, tanhC: the saved values at step t; out: the packed output.
     */
    static void forward(RecurrenceSpec sp, int t, int r0, int r1, float[] x, float[] pre, int preAt, float[] h, float[] c, float[] act, float[] cPrev,
                        float[] tanhC, float[] out) {
        int batch = sp.batch(), hid = sp.hidden(), g = sp.cell().gates * hid, aw = RecurrenceKernels.savedGateWidth(sp.cell(), hid);
        for (int b = r0; b < r1; b++) {
            if (!sp.runs(b, t)) continue;
            int p = preAt + b * g, q = b * hid, row = t * batch + b, a = row * aw, o = row * hid;
            switch (sp.cell()) {
                case LSTM -> lstmRow(hid, pre, p, c, h, q, act, a, cPrev, tanhC, out, o);
                case GRU -> {
                    int xr = row * g;
                    for (int j = 0; j < hid; j++) {
                        float r = FastMath.sigmoid(x[xr + j] + pre[p + j]), z = FastMath.sigmoid(x[xr + hid + j] + pre[p + hid + j]);
                        float hn = pre[p + 2 * hid + j], n = FastMath.tanh(x[xr + 2 * hid + j] + r * hn);
                        float hy = (h[q + j] - n) * z + n;
                        act[a + j] = r;
                        act[a + hid + j] = z;
                        act[a + 2 * hid + j] = n;
                        act[a + 3 * hid + j] = hn;
                        h[q + j] = hy;
                        out[o + j] = hy;
                    }
                }
                case RNN_TANH, RNN_RELU -> {
                    boolean relu = sp.cell() == RecurrentCell.RNN_RELU;
                    for (int j = 0; j < hid; j++) {
                        float v = pre[p + j], hy = relu ? Math.max(v, 0f) : FastMath.tanh(v);
                        act[a + j] = hy;
                        h[q + j] = hy;
                        out[o + j] = hy;
                    }
                }
            }
        }
    }

    /**
     * One LSTM row: gates i, f, g, o at pre[p..], state at c/h[q..], saved at act[a..] and cPrev/tanhC/out[o..]. One
     * loop per nonlinearity (sigmoid over i and f, tanh over g, sigmoid over o), then one for the cell, one for tanh
     * of the cell and one for h.
     */
    private static void lstmRow(int hid, float[] pre, int p, float[] c, float[] h, int q, float[] act, int a, float[] cPrev, float[] tanhC,
                                float[] out, int o) {
        FastMath.sigmoid(pre, p, act, a, 2 * hid);
        FastMath.tanh(pre, p + 2 * hid, act, a + 2 * hid, hid);
        FastMath.sigmoid(pre, p + 3 * hid, act, a + 3 * hid, hid);
        int j = 0;
        for (int end = S.loopBound(hid); j < end; j += L) {
            FloatVector i = FloatVector.fromArray(S, act, a + j), f = FloatVector.fromArray(S, act, a + hid + j);
            FloatVector gg = FloatVector.fromArray(S, act, a + 2 * hid + j), og = FloatVector.fromArray(S, act, a + 3 * hid + j);
            FloatVector cp = FloatVector.fromArray(S, c, q + j);
            FloatVector cn = f.mul(cp).add(i.mul(gg));
            cp.intoArray(cPrev, o + j);
            cn.intoArray(c, q + j);
            cn.intoArray(tanhC, o + j);
        }
        for (; j < hid; j++) {
            float cp = c[q + j], cn = act[a + hid + j] * cp + act[a + j] * act[a + 2 * hid + j];
            cPrev[o + j] = cp;
            c[q + j] = cn;
            tanhC[o + j] = cn;
        }
        FastMath.tanh(tanhC, o, tanhC, o, hid);
        j = 0;
        for (int end = S.loopBound(hid); j < end; j += L) {
            FloatVector hn = FloatVector.fromArray(S, act, a + 3 * hid + j).mul(FloatVector.fromArray(S, tanhC, o + j));
            hn.intoArray(h, q + j);
            hn.intoArray(out, o + j);
        }
        for (; j < hid; j++) {
            float hn = act[a + 3 * hid + j] * tanhC[o + j];
            h[q + j] = hn;
            out[o + j] = hn;
        }
    }

    /**
     * Step t of the backward for rows [r0, r1) that run it: dh (and dc) hold the gradient flowing back from step
     * t + 1; adds the output's gradient dOut[t], writes the gates' gradients into dX[t] and dHH[t] (the same array
     * except for GRU), and leaves in dh the part of dh_{t-1} that does not go through W_hh (GRU: dh * z; else 0)
     * and in dc the cell's gradient dc_{t-1}.
     */
    static void backward(RecurrenceSpec sp, int t, int r0, int r1, float[] dOut, float[] hPrev, float[] act, float[] cPrev, float[] tanhC,
                         float[] dh, float[] dc, float[] dX, float[] dHH) {
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
                case LSTM -> lstmRowBackward(hid, dOut, o, act, a, cPrev, tanhC, dh, dc, q, dX, d);
                case GRU -> {
                    for (int j = 0; j < hid; j++) {
                        float dhv = dh[q + j] + dOut[o + j];
                        float r = act[a + j], z = act[a + hid + j], n = act[a + 2 * hid + j], hn = act[a + 3 * hid + j];
                        float dnPre = dhv * (1 - z) * (1 - n * n);
                        float dzPre = dhv * (hPrev[o + j] - n) * z * (1 - z);
                        float drPre = dnPre * hn * r * (1 - r);
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
                        float dhv = dh[q + j] + dOut[o + j], hy = act[a + j];
                        dX[d + j] = dhv * (1 - hy * hy);
                        dh[q + j] = 0;
                    }
                }
                case RNN_RELU -> {
                    for (int j = 0; j < hid; j++) {
                        float dhv = dh[q + j] + dOut[o + j];
                        dX[d + j] = act[a + j] > 0 ? dhv : 0;
                        dh[q + j] = 0;
                    }
                }
            }
        }
    }

    private static void lstmRowBackward(int hid, float[] dOut, int o, float[] act, int a, float[] cPrev, float[] tanhC, float[] dh, float[] dc,
                                        int q, float[] dX, int d) {
        int j = 0;
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        for (int end = S.loopBound(hid); j < end; j += L) {
            FloatVector dhv = FloatVector.fromArray(S, dh, q + j).add(FloatVector.fromArray(S, dOut, o + j));
            FloatVector i = FloatVector.fromArray(S, act, a + j), f = FloatVector.fromArray(S, act, a + hid + j);
            FloatVector gg = FloatVector.fromArray(S, act, a + 2 * hid + j), og = FloatVector.fromArray(S, act, a + 3 * hid + j);
            FloatVector tc = FloatVector.fromArray(S, tanhC, o + j);
            FloatVector dcv = FloatVector.fromArray(S, dc, q + j).add(dhv.mul(og).mul(one.sub(tc.mul(tc))));
            dcv.mul(gg).mul(i).mul(one.sub(i)).intoArray(dX, d + j);
            dcv.mul(FloatVector.fromArray(S, cPrev, o + j)).mul(f).mul(one.sub(f)).intoArray(dX, d + hid + j);
            dcv.mul(i).mul(one.sub(gg.mul(gg))).intoArray(dX, d + 2 * hid + j);
            dhv.mul(tc).mul(og).mul(one.sub(og)).intoArray(dX, d + 3 * hid + j);
            dcv.mul(f).intoArray(dc, q + j);
            zero.intoArray(dh, q + j);
        }
        for (; j < hid; j++) {
            float dhv = dh[q + j] + dOut[o + j];
            float i = act[a + j], f = act[a + hid + j], gg = act[a + 2 * hid + j], og = act[a + 3 * hid + j];
            float tc = tanhC[o + j];
            float dcv = dc[q + j] + dhv * og * (1 - tc * tc);
            dX[d + j] = dcv * gg * i * (1 - i);
            dX[d + hid + j] = dcv * cPrev[o + j] * f * (1 - f);
            dX[d + 2 * hid + j] = dcv * i * (1 - gg * gg);
            dX[d + 3 * hid + j] = dhv * tc * og * (1 - og);
            dc[q + j] = dcv * f;
            dh[q + j] = 0;
        }
    }
}

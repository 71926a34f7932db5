package org.nabla.backend.cpu;

import org.nabla.backend.RecurrenceSpec;
import org.nabla.backend.RecurrentCell;
import org.nabla.tensor.DType;
import org.nabla.tensor.Storage;

/**
 * One layer and direction of a recurrence, forward and backward through time, over dense storages (see
 * {@link org.nabla.backend.Backend#recurrence}). Per step: one GEMM for the recurrent part (h W_hh^T, accumulated
 * onto the step's slice of the precomputed input projection), then one pass over the gates that applies the
 * nonlinearities and updates the state ({@link RecurrentGatesFloat}, {@link RecurrentGatesDouble}). The backward
 * runs the steps in reverse with one GEMM per step for dh, and one GEMM over all steps for dW_hh; its buffers are
 * allocated once per call, never per step. W_hh is packed for the GEMM once per call (float32); each step's rows are
 * cut into strips of the GEMM's tile height that the threads run side by side, GEMM and gate pass together.
 * <p>
 * Saved for the backward, per time step t (in time order): the state before the step (hPrev), the activated gates
 * (LSTM i, f, g, o; GRU r, z, n and W_hn h + b_hn; RNN the new h), and for LSTM the cell before the step and tanh of
 * the cell after it.
 */
final class RecurrenceKernels {
    private RecurrenceKernels() {}

    /** Width of the saved gates per row: 4H for LSTM and GRU, H for RNN. */
    static int savedGateWidth(RecurrentCell cell, int h) { return cell == RecurrentCell.LSTM || cell == RecurrentCell.GRU ? 4 * h : h; }

    static Storage[] forward(RecurrenceSpec sp, Storage x, Storage w, Storage bhh, Storage h0, Storage c0) {
        int steps = sp.steps(), batch = sp.batch(), hid = sp.hidden(), gh = sp.cell().gates * hid, bh = batch * hid;
        int actW = savedGateWidth(sp.cell(), hid);
        DType dt = x.dtype();
        boolean lstm = sp.cell() == RecurrentCell.LSTM, gru = sp.cell() == RecurrentCell.GRU;
        Storage out = Storage.allocate(dt, sp.outputRows() * bh);
        // LSTM and RNN gates are as wide as the projection: with reuseInput each step's gates are computed where its
        // projection lies (pre = x[t] + h W_hh^T, in place) and saved there.
        boolean inPlace = sp.reuseInput() && !gru;
        Storage hPrev = Storage.allocate(dt, steps * bh), act = inPlace ? x : Storage.allocate(dt, steps * batch * actW);
        Storage cPrev = lstm ? Storage.allocate(dt, steps * bh) : null, tanhC = lstm ? Storage.allocate(dt, steps * bh) : null;
        Storage h = Storage.allocate(dt, bh), c = lstm ? Storage.allocate(dt, bh) : null;
        copy(h0, 0, h, 0, bh);
        if (lstm) copy(c0, 0, c, 0, bh);
        Storage pre = inPlace ? x : Storage.allocate(dt, batch * gh);
        // W_hh^T [hid, gh], read through strides and packed once for all steps (float32).
        Sgemm.PackedB wT = w instanceof Storage.F32(float[] wd) ? Sgemm.pack(hid, gh, new Sgemm.Matrix(wd, 0, 1, hid), packBuffer(hid, gh)) : null;
        int unit = strip(wT, batch);
        for (int s = 0; s < steps; s++) {
            int t = sp.reverse() ? steps - 1 - s : s;
            // Rows are independent within a step: each strip runs its GEMM and its gate pass on its own rows.
            int preAt = inPlace ? t * batch * gh : 0; // where pre's row 0 lies
            Parallel.forEach(Math.ceilDiv(batch, unit), k -> {
                int r0 = k * unit, r1 = Math.min(batch, r0 + unit), rows = r1 - r0;
                copy(h, r0 * hid, hPrev, t * bh + r0 * hid, rows * hid);
                if (inPlace) {
                    // pre is x[t] itself
                } else if (gru) {
                    for (int b = r0; b < r1; b++) {
                        if (bhh != null) copy(bhh, 0, pre, b * gh, gh);
                        else fill(pre, b * gh, gh);
                    }
                } else {
                    copy(x, (t * batch + r0) * gh, pre, r0 * gh, rows * gh);
                }
                // pre += h W_hh^T
                if (wT != null) Sgemm.serialPacked(rows, new Sgemm.Matrix(f32(h), r0 * hid, hid, 1), wT, f32(pre), preAt + r0 * gh, gh);
                else gemm(rows, gh, hid, h, r0 * hid, hid, 1, w, 0, 1, hid, pre, preAt + r0 * gh, gh);
                switch (x) {
                    case Storage.F32(float[] xd) -> RecurrentGatesFloat.forward(sp, t, r0, r1, xd, f32(pre), preAt, f32(h), lstm ? f32(c) : null, f32(act),
                            lstm ? f32(cPrev) : null, lstm ? f32(tanhC) : null, f32(out));
                    case Storage.F64(double[] xd) -> RecurrentGatesDouble.forward(sp, t, r0, r1, xd, f64(pre), preAt, f64(h), lstm ? f64(c) : null, f64(act),
                            lstm ? f64(cPrev) : null, lstm ? f64(tanhC) : null, f64(out));
                    default -> throw new IllegalArgumentException("recurrence: needs float32 or float64, got " + dt);
                }
            });
        }
        copy(h, 0, out, steps * bh, bh);
        if (lstm) copy(c, 0, out, (steps + 1) * bh, bh);
        return lstm ? new Storage[] {out, hPrev, act, cPrev, tanhC} : new Storage[] {out, hPrev, act};
    }

    /**
     * The calling thread's scratch for W_hh packed [k x n]: it lives for one call (the workers only read it while the
     * call runs), so a training step does not allocate it again.
     */
    private static float[] packBuffer(int k, int n) { return Scratch.floats(Scratch.Slot.RECURRENT_WEIGHT, Sgemm.packedSize(k, n)); }

    /** Rows per parallel strip of a step: the GEMM's register tile for float32 (so no strip has a ragged tile), else all. */
    private static int strip(Sgemm.PackedB packed, int batch) { return packed == null ? batch : Sgemm.tileRows(packed.n()); }

    static Storage[] backward(RecurrenceSpec sp, Storage dOut, Storage w, Storage[] saved, boolean reuseSaved) {
        int steps = sp.steps(), batch = sp.batch(), hid = sp.hidden(), gh = sp.cell().gates * hid, bh = batch * hid;
        DType dt = dOut.dtype();
        boolean lstm = sp.cell() == RecurrentCell.LSTM, gru = sp.cell() == RecurrentCell.GRU;
        Storage hPrev = saved[0], act = saved[1], cPrev = lstm ? saved[2] : null, tanhC = lstm ? saved[3] : null;
        // dX: the gradient of the input projection; dHH: that of h W_hh^T (+ b_hh), the same buffer except for GRU.
        // LSTM and RNN write dX over the saved gates (as wide, and each row's gates are read before they are written)
        // when this is the last backward through them.
        Storage dX = reuseSaved && !gru ? act : Storage.allocate(dt, steps * batch * gh), dHH = gru ? Storage.allocate(dt, steps * batch * gh) : dX;
        Storage dh = Storage.allocate(dt, bh), dc = lstm ? Storage.allocate(dt, bh) : null;
        copy(dOut, steps * bh, dh, 0, bh);
        if (lstm) copy(dOut, (steps + 1) * bh, dc, 0, bh);
        // W_hh [gh, hid] packed once for all steps (float32).
        Sgemm.PackedB wp = w instanceof Storage.F32(float[] wd) ? Sgemm.pack(gh, hid, new Sgemm.Matrix(wd, 0, hid, 1), packBuffer(gh, hid)) : null;
        int unit = strip(wp, batch);
        for (int s = steps - 1; s >= 0; s--) {
            int t = sp.reverse() ? steps - 1 - s : s;
            Parallel.forEach(Math.ceilDiv(batch, unit), k -> {
                int r0 = k * unit, r1 = Math.min(batch, r0 + unit), rows = r1 - r0;
                switch (dOut) {
                    case Storage.F32(float[] g) -> RecurrentGatesFloat.backward(sp, t, r0, r1, g, f32(hPrev), f32(act), lstm ? f32(cPrev) : null,
                            lstm ? f32(tanhC) : null, f32(dh), lstm ? f32(dc) : null, f32(dX), f32(dHH));
                    case Storage.F64(double[] g) -> RecurrentGatesDouble.backward(sp, t, r0, r1, g, f64(hPrev), f64(act), lstm ? f64(cPrev) : null,
                            lstm ? f64(tanhC) : null, f64(dh), lstm ? f64(dc) : null, f64(dX), f64(dHH));
                    default -> throw new IllegalArgumentException("recurrence backward: needs float32 or float64, got " + dt);
                }
                // dh (the part that skips the GEMM, left by the gate pass) += dHH[t] W_hh.
                int at = (t * batch + r0) * gh;
                if (wp != null) Sgemm.serialPacked(rows, new Sgemm.Matrix(f32(dHH), at, gh, 1), wp, f32(dh), r0 * hid, hid);
                else gemm(rows, hid, gh, dHH, at, gh, 1, w, 0, hid, 1, dh, r0 * hid, hid);
            });
        }
        // dW_hh = sum over t of dHH[t]^T hPrev[t]: one GEMM over all steps and rows.
        Storage dW = Storage.allocate(dt, gh * hid);
        gemm(gh, hid, steps * batch, dHH, 0, 1, gh, hPrev, 0, hid, 1, dW, 0, hid);
        Storage dB = gru ? columnSums(dHH, steps * batch, gh) : null;
        return new Storage[] {dX, dW, dB, dh, dc};
    }

    /** c[m x n] += a[m x k] b[k x n], each operand read through its row and column strides. */
    private static void gemm(int m, int n, int k, Storage a, int ao, int ars, int acs, Storage b, int bo, int brs, int bcs, Storage c, int co, int ldc) {
        switch (c) {
            case Storage.F32(float[] cd) -> Sgemm.gemm(m, n, k, new Sgemm.Matrix(f32(a), ao, ars, acs), new Sgemm.Matrix(f32(b), bo, brs, bcs), cd, co, ldc);
            case Storage.F64(double[] cd) -> {
                double[] ad = f64(a), bd = f64(b);
                for (int i = 0; i < m; i++)
                    for (int p = 0; p < k; p++) {
                        double av = ad[ao + i * ars + p * acs];
                        if (av == 0) continue;
                        int bRow = bo + p * brs, cRow = co + i * ldc;
                        for (int j = 0; j < n; j++) cd[cRow + j] += av * bd[bRow + j * bcs];
                    }
            }
            default -> throw new IllegalArgumentException("recurrence: needs float32 or float64, got " + c.dtype());
        }
    }

    private static Storage columnSums(Storage x, int rows, int cols) {
        Storage out = Storage.allocate(x.dtype(), cols);
        switch (x) {
            case Storage.F32(float[] d) -> {
                float[] o = f32(out);
                for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) o[j] += d[r * cols + j];
            }
            case Storage.F64(double[] d) -> {
                double[] o = f64(out);
                for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) o[j] += d[r * cols + j];
            }
            default -> throw new IllegalArgumentException("recurrence: needs float32 or float64, got " + x.dtype());
        }
        return out;
    }

    private static void copy(Storage src, int from, Storage dst, int to, int n) {
        switch (src) {
            case Storage.F32(float[] s) -> System.arraycopy(s, from, f32(dst), to, n);
            case Storage.F64(double[] s) -> System.arraycopy(s, from, f64(dst), to, n);
            default -> throw new IllegalArgumentException("recurrence: needs float32 or float64, got " + src.dtype());
        }
    }

    private static void fill(Storage dst, int from, int n) {
        switch (dst) {
            case Storage.F32(float[] d) -> java.util.Arrays.fill(d, from, from + n, 0f);
            case Storage.F64(double[] d) -> java.util.Arrays.fill(d, from, from + n, 0.0);
            default -> throw new IllegalArgumentException("recurrence: needs float32 or float64, got " + dst.dtype());
        }
    }

    private static float[] f32(Storage s) { return ((Storage.F32) s).data(); }

    private static double[] f64(Storage s) { return ((Storage.F64) s).data(); }
}

package org.nabla.nn.functional;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.backend.RecurrentCell;
import org.nabla.nn.recurrent.CellState;
import org.nabla.nn.recurrent.RecurrentConfig;
import org.nabla.nn.recurrent.RecurrentOutput;
import org.nabla.nn.recurrent.RecurrentState;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Recurrence;
import org.nabla.tensor.Tensor;

/**
 * The recurrent functions of {@link F}: the one-step cells, composed of tensor ops, and the stacked layers, whose
 * every layer and direction is one GEMM for the input projection of the whole sequence plus one fused
 * {@link Recurrence} (one GEMM per step inside, BPTT in its backward).
 */
final class RecurrentLayers {
    private RecurrentLayers() {}

    // ------------------------------------------------------------ cells

    static Tensor rnnCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, String nonlinearity) {
        boolean relu = switch (nonlinearity) {
            case "tanh" -> false;
            case "relu" -> true;
            case null, default -> throw new IllegalArgumentException("rnn_cell: nonlinearity must be 'tanh' or 'relu', got '" + nonlinearity + "'");
        };
        boolean single = checkCell("rnn_cell", 1, x, h, wIh, wHh, bIh, bHh);
        Tensor xb = single ? x.unsqueeze(0) : x, hb = batchedState(h, single, xb, wHh);
        Tensor pre = F.linear(xb, wIh, bIh).add(F.linear(hb, wHh, bHh));
        Tensor out = relu ? pre.relu() : pre.tanh();
        return single ? out.squeeze(0) : out;
    }

    static CellState lstmCell(Tensor x, CellState state, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        boolean single = checkCell("lstm_cell", 4, x, state == null ? null : state.h(), wIh, wHh, bIh, bHh);
        if (state != null && (state.c() == null || !Arrays.equals(state.c().shape(), state.h().shape())))
            throw new IllegalArgumentException("lstm_cell: c must have h's shape " + Arrays.toString(state.h().shape()) + ", got "
                    + (state.c() == null ? "null" : Arrays.toString(state.c().shape())));
        Tensor xb = single ? x.unsqueeze(0) : x;
        Tensor h = batchedState(state == null ? null : state.h(), single, xb, wHh);
        Tensor c = batchedState(state == null ? null : state.c(), single, xb, wHh);
        List<Tensor> g = F.linear(xb, wIh, bIh).add(F.linear(h, wHh, bHh)).chunk(4, 1);
        Tensor c2 = g.get(1).sigmoid().mul(c).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
        Tensor h2 = g.get(3).sigmoid().mul(c2.tanh());
        return single ? new CellState(h2.squeeze(0), c2.squeeze(0)) : new CellState(h2, c2);
    }

    static Tensor gruCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        boolean single = checkCell("gru_cell", 3, x, h, wIh, wHh, bIh, bHh);
        Tensor xb = single ? x.unsqueeze(0) : x, hb = batchedState(h, single, xb, wHh);
        List<Tensor> gi = F.linear(xb, wIh, bIh).chunk(3, 1), gh = F.linear(hb, wHh, bHh).chunk(3, 1);
        Tensor r = gi.get(0).add(gh.get(0)).sigmoid(), z = gi.get(1).add(gh.get(1)).sigmoid();
        Tensor n = gi.get(2).add(r.mul(gh.get(2))).tanh();
        Tensor out = hb.sub(n).mul(z).add(n);
        return single ? out.squeeze(0) : out;
    }

    /** Checks a cell's operands; true when x is one unbatched sample [in]. */
    private static boolean checkCell(String fn, int gates, Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        if (wIh.dim() != 2 || wHh.dim() != 2 || wHh.size(0) != gates * wHh.size(1) || wIh.size(0) != wHh.size(0))
            throw new IllegalArgumentException(fn + ": weight_ih must be [" + gates + "*H, in] and weight_hh [" + gates + "*H, H], got "
                    + Arrays.toString(wIh.shape()) + " and " + Arrays.toString(wHh.shape()));
        int hid = wHh.size(1), in = wIh.size(1);
        for (Tensor b : new Tensor[] {bIh, bHh})
            if (b != null && (b.dim() != 1 || b.size(0) != gates * hid))
                throw new IllegalArgumentException(fn + ": biases must be [" + gates * hid + "], got " + Arrays.toString(b.shape()));
        if ((x.dim() != 1 && x.dim() != 2) || x.size(-1) != in)
            throw new IllegalArgumentException(fn + ": input must be [B, " + in + "] or [" + in + "], got " + Arrays.toString(x.shape()));
        boolean single = x.dim() == 1;
        int[] want = single ? new int[] {hid} : new int[] {x.size(0), hid};
        if (h != null && !Arrays.equals(h.shape(), want))
            throw new IllegalArgumentException(fn + ": hidden state must be " + Arrays.toString(want) + ", got " + Arrays.toString(h.shape()));
        return single;
    }

    private static Tensor batchedState(Tensor s, boolean single, Tensor xb, Tensor wHh) {
        if (s == null) return Tensor.zeros(xb.dtype(), xb.size(0), wHh.size(1));
        return single ? s.unsqueeze(0) : s;
    }

    // ------------------------------------------------------------ stacked layers

    static RecurrentOutput run(String fn, RecurrentCell cell, Tensor x, RecurrentState state, List<Tensor> weights, RecurrentConfig cfg,
                               Tensor lengths, boolean training, Generator gen) {
        if (x.dim() != 2 && x.dim() != 3)
            throw new IllegalArgumentException(fn + ": input must be [T, B, in], [B, T, in] (batch_first) or unbatched [T, in], got "
                    + Arrays.toString(x.shape()));
        boolean unbatched = x.dim() == 2;
        Tensor seq = unbatched ? x.unsqueeze(1) : cfg.batchFirst() ? x.transpose(0, 1) : x;
        int steps = seq.size(0), batch = seq.size(1), hid = cfg.hiddenSize(), dirs = cfg.directions(), layers = cfg.numLayers();
        if (seq.size(2) != cfg.inputSize())
            throw new IllegalArgumentException(fn + ": expected input with " + cfg.inputSize() + " features, got " + Arrays.toString(x.shape()));
        if (steps == 0) throw new IllegalArgumentException(fn + ": the sequence must have at least one step, got " + Arrays.toString(x.shape()));
        checkWeights(fn, cell, weights, cfg);
        Tensor[] h0 = initial(fn, "h", state == null ? null : state.h(), unbatched, layers * dirs, batch, hid, x.dtype());
        boolean lstm = cell == RecurrentCell.LSTM;
        if (state != null && lstm != (state.c() != null))
            throw new IllegalArgumentException(fn + ": " + (lstm ? "the state needs c beside h" : "the state has no c (only LSTM has a cell state)"));
        Tensor[] c0 = lstm ? initial(fn, "c", state == null ? null : state.c(), unbatched, layers * dirs, batch, hid, x.dtype()) : null;
        int[] lens = lengths(fn, lengths, batch, steps, unbatched);

        int per = cfg.bias() ? 4 : 2;
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        Tensor input = seq;
        for (int l = 0; l < layers; l++) {
            List<Tensor> outs = new ArrayList<>();
            int in = input.size(2);
            // The input projection of every step and direction's first GEMM: [T * B, in] x [in, G*H].
            Tensor flat = input.reshape(steps * batch, in);
            for (int d = 0; d < dirs; d++) {
                int k = (l * dirs + d) * per;
                Tensor wIh = weights.get(k), wHh = weights.get(k + 1);
                Tensor bIh = cfg.bias() ? weights.get(k + 2) : null, bHh = cfg.bias() ? weights.get(k + 3) : null;
                // b_hh joins the projection, except GRU's (its b_hn is multiplied by r).
                Tensor projBias = bIh == null ? null : cell == RecurrentCell.GRU ? bIh : bIh.add(bHh);
                // proj is read by the recurrence alone (addmm's backward does not need it), so the recurrence may keep its gates there.
                Tensor proj = F.linear(flat, wIh, projBias).reshape(steps, batch, cell.gates * hid);
                int i = l * dirs + d;
                Tensor packed = Recurrence.run(cell, proj, wHh, cell == RecurrentCell.GRU ? bHh : null, h0[i], lstm ? c0[i] : null, lens, d == 1, true);
                outs.add(packed.narrow(0, 0, steps));
                hs.add(packed.select(0, steps));
                if (lstm) cs.add(packed.select(0, steps + 1));
            }
            Tensor out = dirs == 1 ? outs.get(0) : Tensor.cat(outs, 2);
            if (cfg.dropout() > 0 && training && l < layers - 1) out = F.dropout(out, cfg.dropout(), true, gen);
            input = out;
        }
        Tensor hN = Tensor.stack(hs, 0), cN = lstm ? Tensor.stack(cs, 0) : null;
        if (unbatched) return new RecurrentOutput(input.squeeze(1), new RecurrentState(hN.squeeze(1), cN == null ? null : cN.squeeze(1)));
        return new RecurrentOutput(cfg.batchFirst() ? input.transpose(0, 1) : input, new RecurrentState(hN, cN));
    }

    private static void checkWeights(String fn, RecurrentCell cell, List<Tensor> w, RecurrentConfig cfg) {
        int per = cfg.bias() ? 4 : 2, hid = cfg.hiddenSize(), gh = cell.gates * hid;
        int want = cfg.numLayers() * cfg.directions() * per;
        if (w.size() != want) throw new IllegalArgumentException(fn + ": expected " + want + " weight tensors, got " + w.size());
        for (int l = 0; l < cfg.numLayers(); l++) {
            int in = l == 0 ? cfg.inputSize() : hid * cfg.directions();
            for (int d = 0; d < cfg.directions(); d++) {
                int k = (l * cfg.directions() + d) * per;
                int[][] shapes = cfg.bias() ? new int[][] {{gh, in}, {gh, hid}, {gh}, {gh}} : new int[][] {{gh, in}, {gh, hid}};
                for (int j = 0; j < per; j++)
                    if (!Arrays.equals(w.get(k + j).shape(), shapes[j]))
                        throw new IllegalArgumentException(fn + ": weight " + (k + j) + " (layer " + l + (d == 1 ? ", reverse" : "") + ") must be "
                                + Arrays.toString(shapes[j]) + ", got " + Arrays.toString(w.get(k + j).shape()));
            }
        }
    }

    /** The initial h or c of each layer and direction, [B, H] each: from the state's [L * D, B, H], else zeros. */
    private static Tensor[] initial(String fn, String name, Tensor s, boolean unbatched, int n, int batch, int hid, DType dt) {
        Tensor[] out = new Tensor[n];
        if (s == null) {
            Tensor zero = Tensor.zeros(dt, batch, hid);
            Arrays.fill(out, zero);
            return out;
        }
        int[] want = unbatched ? new int[] {n, hid} : new int[] {n, batch, hid};
        if (!Arrays.equals(s.shape(), want))
            throw new IllegalArgumentException(fn + ": initial " + name + " must be " + Arrays.toString(want) + ", got " + Arrays.toString(s.shape()));
        Tensor b = unbatched ? s.unsqueeze(1) : s;
        for (int i = 0; i < n; i++) out[i] = b.select(0, i);
        return out;
    }

    private static int[] lengths(String fn, Tensor lengths, int batch, int steps, boolean unbatched) {
        if (lengths == null) return null;
        if (unbatched) throw new IllegalArgumentException(fn + ": lengths need a batched input");
        if (lengths.dim() != 1 || lengths.size(0) != batch || lengths.dtype().isFloating())
            throw new IllegalArgumentException(fn + ": lengths must be int64 [" + batch + "], got " + lengths.dtype() + " " + Arrays.toString(lengths.shape()));
        long[] v = lengths.toLongArray();
        int[] out = new int[batch];
        boolean all = true;
        for (int b = 0; b < batch; b++) {
            if (v[b] < 1 || v[b] > steps)
                throw new IllegalArgumentException(fn + ": lengths must be within [1, " + steps + "] (the sequence length), got " + v[b] + " at row " + b);
            out[b] = (int) v[b];
            all &= v[b] == steps;
        }
        return all ? null : out;
    }

    /** The lengths of a prefix mask [B, T] (1 or true on a row's real steps, then 0): int64 [B]. */
    static Tensor lengthsOfMask(Tensor mask) {
        if (mask.dim() != 2) throw new IllegalArgumentException("sequence_lengths: mask must be [B, T], got " + Arrays.toString(mask.shape()));
        int batch = mask.size(0), steps = mask.size(1);
        double[] m = mask.toDoubleArray();
        long[] out = new long[batch];
        for (int b = 0; b < batch; b++) {
            int n = 0;
            while (n < steps && m[b * steps + n] != 0) n++;
            for (int t = n; t < steps; t++)
                if (m[b * steps + t] != 0)
                    throw new IllegalArgumentException("sequence_lengths: row " + b + " of the mask is not a prefix of real steps (step " + t + " follows a padded one)");
            out[b] = n;
        }
        return Tensor.of(out, batch);
    }
}

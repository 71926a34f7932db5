package org.nabla.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.autograd.Engine;
import org.nabla.autograd.GradFn;
import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;
import org.nabla.backend.RecurrenceSpec;
import org.nabla.backend.RecurrentCell;

/**
 * The fused recurrence of one layer and direction of an RNN, LSTM or GRU (public only for
 * {@code nn.functional.F}): all T steps run in one backend call and are recorded as ONE op, whose backward is
 * backpropagation through time in one backend call. The input projection of the whole sequence (x W_ih^T + biases)
 * is an ordinary matmul done before it, so its gradients come from the graph.
 */
public final class Recurrence {
    private Recurrence() {}

    /**
     * Runs cell over xProj [T, B, G*H] from h0 [B, H] (and c0 for LSTM) with the recurrent weight wHh [G*H, H] and,
     * for GRU, bHh [G*H] (null for none; the other cells take b_hh inside xProj). lengths (null: all T) gives each
     * row's number of steps; reverse runs each row from its own last step to the first. Returns the packed output
     * [T + 1 (+ 1 for LSTM), B, H]: rows 0..T-1 every step's h (zero past a row's length), row T the final h, row
     * T + 1 the final c. consumeProjection: xProj is scratch that no one reads afterwards (its values are then
     * overwritten with the saved gates), as when the caller made it for this call alone.
     */
    public static Tensor run(RecurrentCell cell, Tensor xProj, Tensor wHh, Tensor bHh, Tensor h0, Tensor c0, int[] lengths, boolean reverse,
                             boolean consumeProjection) {
        String op = "recurrence";
        if (xProj.dim() != 3) throw new IllegalArgumentException(op + ": input projection must be [T, B, G*H], got " + Arrays.toString(xProj.shape()));
        if (wHh.dim() != 2) throw new IllegalArgumentException(op + ": weight_hh must be [G*H, H], got " + Arrays.toString(wHh.shape()));
        int steps = xProj.size(0), batch = xProj.size(1), hid = wHh.size(1), gh = cell.gates * hid;
        if (xProj.size(2) != gh || wHh.size(0) != gh)
            throw new IllegalArgumentException(op + ": " + cell + " with hidden size " + hid + " needs an input projection [T, B, " + gh
                    + "] and weight_hh [" + gh + ", " + hid + "], got " + Arrays.toString(xProj.shape()) + " and " + Arrays.toString(wHh.shape()));
        checkShape(op, "h0", h0, batch, hid);
        if (cell.hasCellState()) checkShape(op, "c0", c0, batch, hid);
        else if (c0 != null) throw new IllegalArgumentException(op + ": " + cell + " has no cell state, got c0");
        if (bHh != null && (cell != RecurrentCell.GRU || bHh.dim() != 1 || bHh.size(0) != gh))
            throw new IllegalArgumentException(op + ": bias_hh is taken by GRU only, as [" + gh + "], got " + Arrays.toString(bHh.shape()) + " for " + cell);
        DType dt = xProj.dtype();
        if (!dt.isFloating()) throw new IllegalArgumentException(op + ": needs float32 or float64, got " + dt);
        for (Tensor t : new Tensor[] {wHh, bHh, h0, c0})
            if (t != null && t.dtype() != dt) throw new IllegalArgumentException(op + ": every operand must be " + dt + ", got " + t.dtype());
        if (lengths != null) {
            if (lengths.length != batch) throw new IllegalArgumentException(op + ": " + lengths.length + " lengths for a batch of " + batch);
            for (int n : lengths)
                if (n < 0 || n > steps) throw new IllegalArgumentException(op + ": lengths must be within [0, " + steps + "], got " + n);
        }
        RecurrenceSpec spec = new RecurrenceSpec(cell, steps, batch, hid, reverse, lengths == null ? null : lengths.clone(), consumeProjection);
        Storage wd = dense(wHh);
        Storage[] res = Tensor.backend().recurrence(spec, dense(xProj), wd, bHh == null ? null : dense(bHh), dense(h0), c0 == null ? null : dense(c0));
        Tensor out = Tensor.of(res[0], new int[] {spec.outputRows(), batch, hid});
        Storage[] saved = Arrays.copyOfRange(res, 1, res.length);

        // One backward call computes every input's gradient; each input's rule picks its own, from the call made
        // for this very output gradient (a retained graph may be run backward again with another one).
        Storage[][] grads = new Storage[1][];
        Tensor[] from = new Tensor[1];
        java.util.function.IntFunction<GradFn> part = k -> g -> {
            if (GradMode.isEnabled())
                throw new UnsupportedOperationException(op + ": the fused " + cell + " recurrence has no second-order gradient (createGraph)");
            if (from[0] != g) {
                grads[0] = Tensor.backend().recurrenceBackward(spec, dense(g.to(dt)), wd, saved, !Engine.retainsGraph());
                from[0] = g;
            }
            int[] shape = switch (k) {
                case 0 -> xProj.shape();
                case 1 -> wHh.shape();
                case 2 -> new int[] {gh};
                default -> new int[] {batch, hid};
            };
            return Tensor.of(grads[0][k], shape);
        };
        List<Tensor> inputs = new ArrayList<>(List.of(xProj, wHh));
        List<GradFn> rules = new ArrayList<>(List.of(part.apply(0), part.apply(1)));
        if (bHh != null) { inputs.add(bHh); rules.add(part.apply(2)); }
        inputs.add(h0);
        rules.add(part.apply(3));
        if (c0 != null) { inputs.add(c0); rules.add(part.apply(4)); }
        return Node.record(out, cell == RecurrentCell.LSTM ? "LSTMRecurrence" : cell == RecurrentCell.GRU ? "GRURecurrence"
                : cell == RecurrentCell.RNN_RELU ? "RNNReluRecurrence" : "RNNTanhRecurrence", inputs.toArray(Tensor[]::new), rules.toArray(GradFn[]::new));
    }

    private static void checkShape(String op, String name, Tensor t, int batch, int hid) {
        if (t == null || t.dim() != 2 || t.size(0) != batch || t.size(1) != hid)
            throw new IllegalArgumentException(op + ": " + name + " must be [" + batch + ", " + hid + "], got " + (t == null ? "null" : Arrays.toString(t.shape())));
    }

    /** The storage of t's values, contiguous from 0 (t's own when it already is). */
    private static Storage dense(Tensor t) { return t.isDense() ? t.storage() : Tensor.backend().copy(t.storage(), t.layout(), t.dtype()); }
}

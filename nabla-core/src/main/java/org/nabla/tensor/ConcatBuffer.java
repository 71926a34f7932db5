package org.nabla.tensor;

import java.util.ArrayList;
import java.util.List;
import org.nabla.autograd.GradFn;
import org.nabla.autograd.Node;

/**
 * A concatenation along dim 1 that grows by appending, as a DenseNet block's features do: every part is copied once
 * into one storage sized for the final width, and {@link #append} returns the concatenation so far as a view of it.
 * {@code cat} of all earlier features at every layer copies O(L^2) channels over a block of L layers; this copies
 * each channel once. The view is recorded as {@code Cat} of the parts, so its gradient is split back to them the same
 * way. Parts must not change after they are appended, and the views are read-only (later parts are written to
 * other channels of the same storage).
 */
public final class ConcatBuffer {
    private final Tensor buffer;
    private final List<Tensor> parts = new ArrayList<>();
    private final List<GradFn> rules = new ArrayList<>();
    private int filled;

    /** A buffer for channels channels in all, holding first (shape [n, c, ...]) to begin with. */
    public ConcatBuffer(Tensor first, int channels) {
        if (first.dim() < 2) throw new IllegalArgumentException("ConcatBuffer: expected a tensor of at least 2 dims, got " + Shape.str(first.shape()));
        if (channels < first.size(1))
            throw new IllegalArgumentException("ConcatBuffer: " + channels + " channels cannot hold the first part's " + first.size(1));
        int[] shape = first.shape();
        shape[1] = channels;
        buffer = Tensor.zeros(first.dtype(), shape);
        append(first);
    }

    /** Copies part in after the parts so far; returns all of them concatenated along dim 1 (a view: no copy). */
    public Tensor append(Tensor part) {
        int[] want = buffer.shape(), got = part.shape();
        boolean fits = got.length == want.length && part.dtype() == buffer.dtype() && filled + got[1] <= want[1];
        for (int d = 0; fits && d < got.length; d++) fits = d == 1 || got[d] == want[d];
        if (!fits)
            throw new IllegalArgumentException("ConcatBuffer: cannot append " + part.dtype() + " " + Shape.str(got) + " to " + filled + " of "
                    + want[1] + " channels of " + buffer.dtype() + " " + Shape.str(want));
        int start = filled, length = got[1];
        Tensor.backend().copyInto(part.storage(), part.layout(), buffer.storage(), buffer.layout().slice(1, start, length, 1));
        filled += length;
        parts.add(part);
        rules.add(g -> g.narrow(1, start, length));
        Tensor view = new Tensor(buffer.storage(), buffer.layout().slice(1, 0, filled, 1));
        return Node.record(view, "Cat", parts.toArray(new Tensor[0]), rules.toArray(new GradFn[0]));
    }
}

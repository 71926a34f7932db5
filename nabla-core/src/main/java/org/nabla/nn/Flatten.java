package org.nabla.nn;

import org.nabla.tensor.Tensor;

/** Merges dims startDim..endDim into one, like {@code torch.nn.Flatten} (default 1..-1: keeps the batch dim). */
public final class Flatten extends Module {
    private final int startDim, endDim;

    public Flatten() { this(1, -1); }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    public int startDim() { return startDim; }

    public int endDim() { return endDim; }

    @Override
    public Tensor forward(Tensor x) {
        try {
            return x.flatten(startDim, endDim);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + ": cannot flatten input " + java.util.Arrays.toString(x.shape()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }
}

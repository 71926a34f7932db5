package org.nabla.nn.init;

import org.nabla.autograd.GradMode;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Initialisers that fill a tensor in place, like {@code torch.nn.init}; each draws from the given generator (the
 * global one when omitted) and runs without recording gradients.
 */
public final class Init {
    private Init() {}

    /** Fills t with U(low, high). */
    public static Tensor uniform(Tensor t, double low, double high, Generator gen) {
        try (var s = GradMode.noGrad()) {
            return t.copyFrom(Tensor.rand(gen, t.shape()).mul(high - low).add(low).to(t.dtype()));
        }
    }

    public static Tensor uniform(Tensor t, double low, double high) { return uniform(t, low, high, Generator.global()); }

    /** fan_in and fan_out of a weight [out, in, *kernel]: in * receptive field and out * receptive field. */
    public static int[] fans(Tensor t) {
        if (t.dim() < 2)
            throw new IllegalArgumentException("fans: fan in and fan out need a tensor with at least 2 dims, got shape "
                    + java.util.Arrays.toString(t.shape()));
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) receptive *= t.size(d);
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }
}

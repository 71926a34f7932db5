package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al., 2014), as {@code torch.nn.Dropout}: in training each element is zeroed
 * with probability p and the kept ones are scaled by 1 / (1 - p), so the expected output equals the input; in
 * eval mode it is the identity. p = 1 gives zeros. The mask is drawn from the layer's generator (the global one
 * unless given) by {@link F#dropout}, so the function gives the same mask for the same generator state.
 */
public final class Dropout extends Module {
    private final double p;
    private final Generator gen;

    /** p = 0.5, PyTorch's default. */
    public Dropout() { this(0.5); }

    public Dropout(double p) { this(p, Generator.global()); }

    public Dropout(double p, Generator gen) {
        this.p = checkP("Dropout", p);
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) { return F.dropout(x, p, isTraining(), gen); }

    public double p() { return p; }

    /** A layer's probability, checked when the layer is made (the functions check theirs on every call). */
    static double checkP(String layer, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(layer + ": dropout probability has to be in [0, 1], got " + p);
        return p;
    }

    @Override
    protected String extraRepr() { return "p=" + PyRepr.num(p); }
}

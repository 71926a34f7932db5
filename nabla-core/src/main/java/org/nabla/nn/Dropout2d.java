package org.nabla.nn;

import java.util.Arrays;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Channel dropout, as {@code torch.nn.Dropout2d}: in training each channel of [N, C, H, W] (or of an unbatched
 * [C, H, W]) is zeroed as a whole with probability p and the kept channels are scaled by 1 / (1 - p); in eval
 * mode it is the identity. Neighbouring pixels of a feature map are strongly correlated, so dropping single
 * pixels regularises little (Tompson et al., 2015).
 * PyTorch 1.13 still treats a 3-d input as [N, C, L] (with a deprecation warning); this follows the documented
 * and future meaning, [C, H, W].
 */
public final class Dropout2d extends Module {
    private final double p;
    private final Generator gen;

    /** p = 0.5, PyTorch's default. */
    public Dropout2d() { this(0.5); }

    public Dropout2d(double p) { this(p, Generator.global()); }

    public Dropout2d(double p, Generator gen) {
        this.p = Dropout.checkP("Dropout2d", p);
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 && x.dim() != 4)
            throw new IllegalArgumentException(this + ": expected input [N, C, H, W] or [C, H, W], got " + Arrays.toString(x.shape()));
        return F.dropout2d(x, p, isTraining(), gen);
    }

    public double p() { return p; }

    @Override
    protected String extraRepr() { return "p=" + PyRepr.num(p); }
}

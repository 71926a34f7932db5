package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * z^2 / (2 beta) for z = |input - target| < beta, z - beta / 2 otherwise; like torch.nn.SmoothL1Loss (default
 * beta 1; beta 0 is the L1 loss).
 */
public final class SmoothL1Loss extends Loss {
    private final double beta;

    public SmoothL1Loss() { this(1.0, Reduction.MEAN); }

    public SmoothL1Loss(double beta, Reduction reduction) {
        super(reduction);
        if (!(beta >= 0)) throw new IllegalArgumentException("SmoothL1Loss: beta must be non-negative, got " + beta);
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.smoothL1Loss(input, target, beta, reduction); }

    public double beta() { return beta; }
}

package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * Quadratic for errors below delta, linear beyond: z^2 / 2 for z = |input - target| < delta, delta (z - delta / 2)
 * otherwise; like torch.nn.HuberLoss (default delta 1). Equals delta * SmoothL1Loss(beta = delta).
 */
public final class HuberLoss extends Loss {
    private final double delta;

    public HuberLoss() { this(1.0, Reduction.MEAN); }

    public HuberLoss(double delta, Reduction reduction) {
        super(reduction);
        if (!(delta > 0)) throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.huberLoss(input, target, delta, reduction); }

    public double delta() { return delta; }
}

package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * The sigmoid focal loss (Lin et al. 2017) as torchvision.ops.sigmoid_focal_loss computes it: binary
 * cross-entropy of logits scaled by alpha_t (1 - p_t)^gamma, which down-weights easy examples. Inputs are logits
 * and targets in [0, 1] of the same shape (one binary problem per element: binary, multi-label, dense detection).
 * Defaults alpha 0.25 and gamma 2 as in torchvision; the reduction defaults to MEAN like the other loss modules
 * (torchvision's function defaults to none, as does {@code F.sigmoidFocalLoss(input, target)}).
 */
public final class FocalLoss extends Loss {
    private final double alpha;
    private final double gamma;

    public FocalLoss() { this(0.25, 2.0, Reduction.MEAN); }

    /** alpha < 0 turns the class balancing off. */
    public FocalLoss(double alpha, double gamma, Reduction reduction) {
        super(reduction);
        if (!(gamma >= 0)) throw new IllegalArgumentException("FocalLoss: gamma must be non-negative, got " + gamma);
        this.alpha = alpha;
        this.gamma = gamma;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.sigmoidFocalLoss(input, target, alpha, gamma, reduction); }

    public double alpha() { return alpha; }

    public double gamma() { return gamma; }
}

package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * The multi-class (softmax) focal loss (Lin et al. 2017): -alpha_t (1 - p_t)^gamma log p_t of scores [N, C, d...]
 * against classes [N, d...], which down-weights the pixels already classified well (a segmentation's abundant
 * background). gamma 2 by default; alpha one weight per class (a buffer named "alpha") or none. For one binary
 * problem per element use {@link FocalLoss} (torchvision's sigmoid focal loss).
 */
public final class SoftmaxFocalLoss extends Loss {
    private final Tensor alpha;
    private final double gamma;

    public SoftmaxFocalLoss() { this(null, 2.0, Reduction.MEAN); }

    public SoftmaxFocalLoss(Tensor alpha, double gamma, Reduction reduction) {
        super(reduction);
        if (!(gamma >= 0)) throw new IllegalArgumentException("SoftmaxFocalLoss: gamma must be non-negative, got " + gamma);
        this.alpha = alpha == null ? null : registerBuffer("alpha", alpha);
        this.gamma = gamma;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.softmaxFocalLoss(input, target, alpha, gamma, reduction); }

    public double gamma() { return gamma; }
}

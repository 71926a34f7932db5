package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * The Kullback-Leibler divergence, like torch.nn.KLDivLoss: the input holds log-probabilities, the target
 * probabilities (or log-probabilities with logTarget). Use {@link Reduction#BATCHMEAN} for the KL divergence per
 * sample; MEAN (PyTorch's default, kept here) divides by the number of elements instead.
 */
public final class KLDivLoss extends Loss {
    private final boolean logTarget;

    public KLDivLoss() { this(Reduction.MEAN, false); }

    public KLDivLoss(Reduction reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.klDiv(input, target, reduction, logTarget); }

    public boolean logTarget() { return logTarget; }
}

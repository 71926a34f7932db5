package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * Binary cross-entropy of probabilities in [0, 1] (e.g. after Sigmoid), like torch.nn.BCELoss: the logs are
 * clamped at -100, as in PyTorch. Prefer {@link BCEWithLogitsLoss} on logits: it is stable where the sigmoid
 * saturates. Optional element weights (buffer "weight", broadcast to the input).
 */
public final class BCELoss extends Loss {
    private final Tensor weight;

    public BCELoss() { this(null, Reduction.MEAN); }

    public BCELoss(Reduction reduction) { this(null, reduction); }

    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.binaryCrossEntropy(input, target, weight, reduction); }
}

package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * Sigmoid and binary cross-entropy in one stable expression, like torch.nn.BCEWithLogitsLoss: finite for any
 * logit. Optional element weights (buffer "weight") and a positive-class weight (buffer "pos_weight", one per
 * class along the last dim: values above 1 favour recall). See {@link F#binaryCrossEntropyWithLogits}.
 */
public final class BCEWithLogitsLoss extends Loss {
    private final Tensor weight;
    private final Tensor posWeight;

    public BCEWithLogitsLoss() { this(null, null, Reduction.MEAN); }

    public BCEWithLogitsLoss(Reduction reduction) { this(null, null, reduction); }

    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.posWeight = posWeight == null ? null : registerBuffer("pos_weight", posWeight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }
}

package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * Cross-entropy from logits, like torch.nn.CrossEntropyLoss: input [N, C] (or [C], or [N, C, d1, ...]); target
 * class indices [N] (int64; entries equal to ignoreIndex are skipped) or class probabilities of the input's shape.
 * Optional class weights (a buffer named "weight"; the mean then divides by the summed weights of the counted
 * targets) and label smoothing. See {@link F#crossEntropy}.
 */
public final class CrossEntropyLoss extends Loss {
    private final Tensor weight;
    private final int ignoreIndex;
    private final double labelSmoothing;

    public CrossEntropyLoss() { this(null, F.DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN); }

    public CrossEntropyLoss(Reduction reduction) { this(null, F.DEFAULT_IGNORE_INDEX, 0, reduction); }

    /** weight: one value per class, or null. */
    public CrossEntropyLoss(Tensor weight, int ignoreIndex, double labelSmoothing, Reduction reduction) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must be in [0, 1], got " + labelSmoothing);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction);
    }

    public int ignoreIndex() { return ignoreIndex; }

    public double labelSmoothing() { return labelSmoothing; }
}

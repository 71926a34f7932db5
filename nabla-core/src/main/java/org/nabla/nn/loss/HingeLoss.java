package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * The binary SVM hinge loss max(0, margin - y f) for scores f and labels y in {-1, +1} (default margin 1). PyTorch
 * has no module of this form (its HingeEmbeddingLoss is a different loss); see {@link MultiMarginLoss} for the
 * multi-class SVM loss.
 */
public final class HingeLoss extends Loss {
    private final double margin;

    public HingeLoss() { this(1.0, Reduction.MEAN); }

    public HingeLoss(double margin, Reduction reduction) {
        super(reduction);
        this.margin = margin;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.hingeLoss(input, target, margin, reduction); }

    public double margin() { return margin; }
}

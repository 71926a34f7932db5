package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * The multi-class SVM (Weston-Watkins) hinge loss, like torch.nn.MultiMarginLoss: for scores [N, C] and class
 * indices [N], the sum over wrong classes i of w[y] max(0, margin - x[y] + x[i])^p, divided by C; p is 1 (default)
 * or 2, margin defaults to 1, weight (buffer "weight") is one value per class or null.
 */
public final class MultiMarginLoss extends Loss {
    private final int p;
    private final double margin;
    private final Tensor weight;

    public MultiMarginLoss() { this(1, 1.0, null, Reduction.MEAN); }

    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        super(reduction);
        if (p != 1 && p != 2) throw new IllegalArgumentException("MultiMarginLoss: only p = 1 and p = 2 are supported, got " + p);
        this.p = p;
        this.margin = margin;
        this.weight = weight == null ? null : registerBuffer("weight", weight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.multiMarginLoss(input, target, p, margin, weight, reduction); }

    public int p() { return p; }

    public double margin() { return margin; }
}

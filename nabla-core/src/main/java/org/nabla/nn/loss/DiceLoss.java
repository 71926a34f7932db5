package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * The soft Dice loss for segmentation (Milletari et al. 2016, multi-class): scores [N, C, d...] against classes
 * [N, d...]; 1 minus the mean over classes of each class's Dice coefficient of the softmax probabilities and the
 * one-hot target over the whole batch, with additive smoothing (1 by default). It always reduces to that mean.
 */
public final class DiceLoss extends Loss {
    private final double smooth;

    public DiceLoss() { this(1.0); }

    public DiceLoss(double smooth) {
        super(Reduction.MEAN);
        if (!(smooth >= 0)) throw new IllegalArgumentException("DiceLoss: smooth must be non-negative, got " + smooth);
        this.smooth = smooth;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.diceLoss(input, target, smooth); }

    public double smooth() { return smooth; }
}

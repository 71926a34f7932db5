package org.nabla.nn;

import java.util.Arrays;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * Group normalisation (Wu and He, 2018), as {@code torch.nn.GroupNorm}: the channels of [N, C, *] are split into
 * numGroups groups of consecutive channels; each sample's group is standardised over its channels and all
 * other dims, then each channel is scaled and shifted by weight and bias [C]. The same in train and eval.
 * Default initialisation: weight 1, bias 0.
 */
public final class GroupNorm extends Module {
    private final int numGroups, numChannels;
    private final double eps;
    /** [C] scale and shift; null without affine. */
    public final Parameter weight, bias;

    /** eps 1e-5, affine: PyTorch's defaults. */
    public GroupNorm(int numGroups, int numChannels) { this(numGroups, numChannels, 1e-5, true); }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numGroups <= 0 || numChannels <= 0 || numChannels % numGroups != 0)
            throw new IllegalArgumentException("GroupNorm: num_channels (" + numChannels + ") must be a positive multiple of num_groups (" + numGroups + ")");
        if (!(eps >= 0)) throw new IllegalArgumentException("GroupNorm: eps must be non-negative, got " + eps);
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        weight = affine ? registerParameter("weight", new Parameter(Tensor.ones(numChannels))) : null;
        bias = affine ? registerParameter("bias", Parameter.zeros(numChannels)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 2 || x.size(1) != numChannels)
            throw new IllegalArgumentException(this + ": expected input [N, " + numChannels + ", *], got " + Arrays.toString(x.shape()));
        return F.groupNorm(x, numGroups, weight, bias, eps);
    }

    public int numGroups() { return numGroups; }

    public int numChannels() { return numChannels; }

    @Override
    protected String extraRepr() { return numGroups + ", " + numChannels + ", eps=" + PyRepr.num(eps) + ", affine=" + PyRepr.bool(weight != null); }
}

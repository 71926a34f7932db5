package org.nabla.nn;

import java.util.Arrays;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * Layer normalisation (Ba et al., 2016), as {@code torch.nn.LayerNorm}: each sample is standardised over its
 * last dims, which must equal normalizedShape (mean and biased variance, then (x - mean) / sqrt(var + eps)),
 * then scaled and shifted elementwise by weight and bias of shape normalizedShape. The same in train and eval.
 * Default initialisation: weight 1, bias 0.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    /** normalizedShape-shaped scale and shift; null without elementwise affine. */
    public final Parameter weight, bias;

    /** eps 1e-5 and an elementwise affine transform, PyTorch's defaults. */
    public LayerNorm(int... normalizedShape) { this(normalizedShape, 1e-5, true); }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalized_shape must not be empty");
        for (int d : normalizedShape)
            if (d <= 0) throw new IllegalArgumentException("LayerNorm: normalized_shape must be positive, got " + Arrays.toString(normalizedShape));
        if (!(eps >= 0)) throw new IllegalArgumentException("LayerNorm: eps must be non-negative, got " + eps);
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        weight = elementwiseAffine ? registerParameter("weight", new Parameter(Tensor.ones(normalizedShape))) : null;
        bias = elementwiseAffine ? registerParameter("bias", Parameter.zeros(normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] shape = x.shape();
        int k = normalizedShape.length;
        if (shape.length < k || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            String dims = Arrays.toString(normalizedShape);
            throw new IllegalArgumentException(this + ": expected input [..., " + dims.substring(1, dims.length() - 1) + "], got " + Arrays.toString(shape));
        }
        return F.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    public int[] normalizedShape() { return normalizedShape.clone(); }

    public double eps() { return eps; }

    @Override
    protected String extraRepr() {
        return PyRepr.tuple(normalizedShape) + ", eps=" + PyRepr.num(eps) + ", elementwise_affine=" + PyRepr.bool(weight != null);
    }
}

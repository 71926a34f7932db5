package org.nabla.train.gradient;

import org.nabla.optim.GradClip;

/** Clamps every gradient entry to [-clipValue, clipValue] ({@code torch.nn.utils.clip_grad_value_}, through {@link GradClip#clipGradValue}). */
public final class ClipGradValue implements GradientTransform {
    private final double clipValue;

    public ClipGradValue(double clipValue) {
        if (!(clipValue > 0) || Double.isInfinite(clipValue))
            throw new IllegalArgumentException("ClipGradValue: clipValue must be a positive number, got " + clipValue);
        this.clipValue = clipValue;
    }

    @Override
    public void apply(GradientContext g) { GradClip.clipGradValue(g.parameters().values(), clipValue); }

    @Override public String toString() { return "ClipGradValue(" + clipValue + ")"; }
}

package org.nabla.train.gradient;

import org.nabla.optim.GradClip;

/**
 * Rescales all gradients together so their total p-norm is at most {@code maxNorm}
 * ({@code torch.nn.utils.clip_grad_norm_}, through {@link GradClip#clipGradNorm}); logs the norm before clipping
 * as {@value #LOG_KEY}.
 */
public final class ClipGradNorm implements GradientTransform {
    /** The log key of the total norm measured before clipping. */
    public static final String LOG_KEY = "grad_norm";
    private final double maxNorm, normType;

    /** The Euclidean norm. */
    public ClipGradNorm(double maxNorm) { this(maxNorm, 2); }

    /** @param normType p &gt; 0, or {@code Double.POSITIVE_INFINITY} for the largest |g| */
    public ClipGradNorm(double maxNorm, double normType) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) throw new IllegalArgumentException("ClipGradNorm: maxNorm must be a positive number, got " + maxNorm);
        if (!(normType > 0)) throw new IllegalArgumentException("ClipGradNorm: normType must be > 0 or infinity, got " + normType);
        this.maxNorm = maxNorm;
        this.normType = normType;
    }

    public double maxNorm() { return maxNorm; }

    @Override
    public void apply(GradientContext g) { g.log(LOG_KEY, GradClip.clipGradNorm(g.parameters().values(), maxNorm, normType)); }

    @Override public String toString() { return "ClipGradNorm(" + maxNorm + ", p=" + normType + ")"; }
}

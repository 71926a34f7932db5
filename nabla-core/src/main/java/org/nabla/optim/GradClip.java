package org.nabla.optim;

import java.util.ArrayList;
import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.Tensor;

/**
 * Gradient clipping, applied between {@code backward()} and {@code optimizer.step()}, as PyTorch 1.13's
 * {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. Parameters without a gradient are ignored.
 */
public final class GradClip {
    private GradClip() {}

    /** {@link #clipGradNorm(Iterable, double, double)} with the Euclidean norm. */
    public static double clipGradNorm(Iterable<? extends Tensor> params, double maxNorm) { return clipGradNorm(params, maxNorm, 2); }

    /**
     * Rescales all gradients together so that their total norm is at most {@code maxNorm}, and returns the total norm
     * measured before clipping. The total norm is the p-norm of the per-tensor p-norms (= the p-norm of all gradient
     * entries as one vector); for p = ∞ it is the largest |g|. Every gradient is multiplied by
     * min(1, maxNorm / (total + 1e-6)), PyTorch's formula, so a non-finite total norm spreads NaN into the gradients
     * (check the returned norm to skip such a step).
     *
     * @param normType p &gt; 0, or {@code Double.POSITIVE_INFINITY}
     */
    public static double clipGradNorm(Iterable<? extends Tensor> params, double maxNorm, double normType) {
        if (!(normType > 0)) throw new IllegalArgumentException("clipGradNorm: normType must be > 0 or infinity, got " + normType);
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        List<Tensor> grads = grads(params);
        if (grads.isEmpty()) return 0;
        double total;
        try (var s = GradMode.noGrad()) {
            if (normType == Double.POSITIVE_INFINITY) {
                total = 0;
                for (Tensor g : grads) total = Math.max(total, g.abs().max().item()); // Math.max keeps NaN
            } else {
                double sum = 0;
                for (Tensor g : grads) sum += Math.pow(norm(g, normType), normType);
                total = Math.pow(sum, 1 / normType);
            }
            double coef = maxNorm / (total + 1e-6);
            if (!(coef >= 1)) for (Tensor g : grads) g.mulInPlace(coef);
        }
        return total;
    }

    /** Clamps every gradient entry to [−clipValue, clipValue] in place. */
    public static void clipGradValue(Iterable<? extends Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, got " + clipValue);
        try (var s = GradMode.noGrad()) {
            for (Tensor g : grads(params)) g.copyFrom(g.clamp(-clipValue, clipValue));
        }
    }

    private static double norm(Tensor g, double p) {
        Tensor a = g.abs();
        if (p == 1) return a.sum().item();
        if (p == 2) return Math.sqrt(a.mul(a).sum().item());
        return Math.pow(a.pow(p).sum().item(), 1 / p);
    }

    private static List<Tensor> grads(Iterable<? extends Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) if (p.grad() != null) out.add(p.grad());
        return out;
    }
}

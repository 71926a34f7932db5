package org.nabla.optim;

import java.util.List;
import java.util.function.UnaryOperator;
import org.nabla.tensor.Tensor;

/**
 * AdamW (Loshchilov &amp; Hutter, 2019): Adam with decoupled weight decay, as PyTorch 1.13's
 * {@code torch.optim.AdamW}. The decay shrinks the parameter directly, outside the adaptive scaling, so it is not
 * the same as an L2 penalty (which {@link Adam}'s weight_decay is). Per step t = 1, 2, ... for each parameter p
 * with gradient g:
 * <pre>
 *   g ← −g if maximize
 *   p ← p · (1 − lr · weight_decay)
 *   m ← beta1 · m + (1 − beta1) · g
 *   v ← beta2 · v + (1 − beta2) · g²
 *   v̂ ← max(v̂, v) if amsgrad, else v̂ ← v
 *   p ← p − lr / (1 − beta1^t) · m / (√v̂ / √(1 − beta2^t) + eps)
 * </pre>
 * Options ({@link Options}) and defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.01, amsgrad
 * false, maximize false. State as Adam's.
 */
public final class AdamW extends Optimizer {
    /** AdamW's options: Adam's, with a weight decay of 0.01 by default. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, boolean maximize)
            implements OptimizerOptions {
        public static Options defaults() { return new Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false); }

        @Override
        public Options withLr(double lr) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }

        public Options withBetas(double beta1, double beta2) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }

        public Options withEps(double eps) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }

        public Options withWeightDecay(double weightDecay) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }

        public Options withAmsgrad(boolean amsgrad) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }

        public Options withMaximize(boolean maximize) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }

        @Override
        public boolean hasCycledMomentum() { return true; }

        /** beta1, which one-cycle schedules move as the momentum. */
        @Override
        public double cycledMomentum() { return beta1; }

        @Override
        public Options withCycledMomentum(double beta1) { return withBetas(beta1, beta2); }

        /** The same values as Adam's options, for the shared step. */
        Adam.Options asAdam() { return new Adam.Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
    }

    /** A param group overriding AdamW's options: {@code AdamW.group(norms, o -> o.withWeightDecay(0))}. */
    public static ParamGroup group(List<? extends Tensor> params, UnaryOperator<Options> overrides) {
        return ParamGroup.of(params, Options.class, overrides);
    }

    public AdamW(List<? extends Tensor> params) { this(params, Options.defaults()); }

    public AdamW(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public AdamW(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public AdamW(Options options, List<ParamGroup> groups) { super("AdamW", options, groups); }

    @Override
    protected void validate(OptimizerOptions options, int index) { Adam.validateAdam(this, ((Options) options).asAdam(), index); }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) {
        Adam.adamStep(((Options) g.options()).asAdam(), p, grad, state, true);
    }
}

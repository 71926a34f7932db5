package org.nabla.optim;

import java.util.List;
import java.util.Map;
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
 * Options ({@link Adam.Options}) and defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0.01, amsgrad
 * false, maximize false. State as Adam's.
 */
public final class AdamW extends Optimizer {
    private static final Map<String, Double> BUILTIN = defaults(
            "lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 1e-2, "amsgrad", false, "maximize", false);

    public static Adam.Options options() { return new Adam.Options(); }

    public AdamW(List<? extends Tensor> params) { this(params, options()); }

    public AdamW(List<? extends Tensor> params, Adam.Options options) { this(options, List.of(ParamGroup.of(params))); }

    public AdamW(Adam.Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public AdamW(Adam.Options options, List<ParamGroup> groups) { super("AdamW", BUILTIN, options, groups); }

    @Override
    protected void validate(ParamGroup g, int index) { Adam.validateAdam(this, g, index); }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) { Adam.adamStep(g, p, grad, state, true); }
}

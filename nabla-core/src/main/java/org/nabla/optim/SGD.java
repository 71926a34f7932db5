package org.nabla.optim;

import java.util.List;
import org.nabla.tensor.Tensor;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum and L2 weight decay, as PyTorch 1.13's
 * {@code torch.optim.SGD}. Per step, for each parameter p with gradient g:
 * <pre>
 *   g ← −g                                 if maximize
 *   g ← g + weight_decay · p               (weight decay as an L2 term in the gradient)
 *   if momentum ≠ 0:
 *       b ← g on the first step, else b ← momentum · b + (1 − dampening) · g
 *       g ← g + momentum · b if nesterov, else g ← b
 *   p ← p − lr · g
 * </pre>
 * Options and defaults: lr (required), momentum 0, dampening 0, weight_decay 0, nesterov false, maximize false.
 * Nesterov needs momentum &gt; 0 and dampening 0. State: {@code momentum_buffer} (only with momentum).
 */
public final class SGD extends Optimizer {
    private static final java.util.Map<String, Double> BUILTIN = defaults(
            "lr", Double.NaN, "momentum", 0, "dampening", 0, "weight_decay", 0, "nesterov", false, "maximize", false);

    /** SGD's options: {@code SGD.options().lr(0.1).momentum(0.9).nesterov(true)}. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options momentum(double momentum) { return set("momentum", momentum); }

        public Options dampening(double dampening) { return set("dampening", dampening); }

        public Options nesterov(boolean nesterov) { return set("nesterov", nesterov); }
    }

    public static Options options() { return new Options(); }

    /** Plain SGD over {@code params}. */
    public SGD(List<? extends Tensor> params, double lr) { this(params, options().lr(lr)); }

    public SGD(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public SGD(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public SGD(Options options, List<ParamGroup> groups) { super("SGD", BUILTIN, options, groups); }

    @Override
    protected void validate(ParamGroup g, int index) {
        requireRange(g, index, "lr", 0, Double.POSITIVE_INFINITY);
        requireRange(g, index, "momentum", 0, Double.POSITIVE_INFINITY);
        requireRange(g, index, "weight_decay", 0, Double.POSITIVE_INFINITY);
        if (g.flag("nesterov") && (g.get("momentum") <= 0 || g.get("dampening") != 0))
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero dampening (param group "
                    + index + " has momentum " + g.get("momentum") + ", dampening " + g.get("dampening") + ")");
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) {
        double momentum = g.get("momentum"), weightDecay = g.get("weight_decay");
        Tensor d = g.flag("maximize") ? grad.neg() : grad;
        if (weightDecay != 0) d = d.add(p.mul(weightDecay));
        if (momentum != 0) {
            Tensor buf = state.tensor("momentum_buffer");
            if (buf == null) {
                buf = d.detach().copy();
                state.put("momentum_buffer", buf);
            } else {
                buf.scaleAddInPlace(momentum, d, 1 - g.get("dampening"));
            }
            d = g.flag("nesterov") ? d.add(buf.mul(momentum)) : buf;
        }
        p.addInPlace(d, -g.lr());
    }
}

package org.nabla.optim;

import java.util.List;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * AdaGrad (Duchi et al., 2011): each coordinate's step is divided by the root of its summed squared gradients, as
 * PyTorch 1.13's {@code torch.optim.Adagrad}. Per step t = 1, 2, ... for each parameter p with gradient g:
 * <pre>
 *   g ← −g if maximize;   g ← g + weight_decay · p
 *   clr ← lr / (1 + (t − 1) · lr_decay)
 *   s ← s + g²                              (s starts at initial_accumulator_value)
 *   p ← p − clr · g / (√s + eps)
 * </pre>
 * Options and defaults: lr 0.01, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10, maximize
 * false. State: {@code sum}, {@code step}.
 */
public final class Adagrad extends Optimizer {
    private static final Map<String, Double> BUILTIN = defaults(
            "lr", 1e-2, "lr_decay", 0, "eps", 1e-10, "weight_decay", 0, "initial_accumulator_value", 0, "maximize", false);

    /** Adagrad's options: {@code Adagrad.options().lr(0.1).lrDecay(0.01)}. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options lrDecay(double lrDecay) { return set("lr_decay", lrDecay); }

        public Options eps(double eps) { return set("eps", eps); }

        public Options initialAccumulatorValue(double value) { return set("initial_accumulator_value", value); }
    }

    public static Options options() { return new Options(); }

    public Adagrad(List<? extends Tensor> params) { this(params, options()); }

    public Adagrad(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public Adagrad(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public Adagrad(Options options, List<ParamGroup> groups) { super("Adagrad", BUILTIN, options, groups); }

    @Override
    protected void validate(ParamGroup g, int index) {
        for (String k : new String[] {"lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"})
            requireRange(g, index, k, 0, Double.POSITIVE_INFINITY);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) {
        Tensor sum = state.tensor("sum");
        if (sum == null) {
            sum = Tensor.fullLike(p, g.get("initial_accumulator_value"));
            state.put("sum", sum);
        }
        double step = state.number("step", 0) + 1;
        state.put("step", step);
        double weightDecay = g.get("weight_decay");
        Tensor d = g.flag("maximize") ? grad.neg() : grad;
        if (weightDecay != 0) d = d.add(p.mul(weightDecay));
        double clr = g.lr() / (1 + (step - 1) * g.get("lr_decay"));
        sum.addInPlace(d.mul(d), 1);
        Tensor std = sum.sqrt().add(g.get("eps"));
        p.addInPlace(d.div(std), -clr);
    }
}

package org.nabla.optim;

import java.util.List;
import java.util.function.UnaryOperator;
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
 * Options ({@link Options}) and defaults: lr 0.01, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10, maximize
 * false. State: {@code sum}, {@code step}.
 */
public final class Adagrad extends Optimizer {
    /** Adagrad's options: {@code Adagrad.Options.defaults().withLr(0.1).withLrDecay(0.01)}. */
    public record Options(double lr, double lrDecay, double eps, double weightDecay, double initialAccumulatorValue, boolean maximize)
            implements OptimizerOptions {
        public static Options defaults() { return new Options(1e-2, 0, 1e-10, 0, 0, false); }

        @Override
        public Options withLr(double lr) { return new Options(lr, lrDecay, eps, weightDecay, initialAccumulatorValue, maximize); }

        public Options withLrDecay(double lrDecay) { return new Options(lr, lrDecay, eps, weightDecay, initialAccumulatorValue, maximize); }

        public Options withEps(double eps) { return new Options(lr, lrDecay, eps, weightDecay, initialAccumulatorValue, maximize); }

        public Options withWeightDecay(double weightDecay) { return new Options(lr, lrDecay, eps, weightDecay, initialAccumulatorValue, maximize); }

        public Options withInitialAccumulatorValue(double initialAccumulatorValue) {
            return new Options(lr, lrDecay, eps, weightDecay, initialAccumulatorValue, maximize);
        }

        public Options withMaximize(boolean maximize) { return new Options(lr, lrDecay, eps, weightDecay, initialAccumulatorValue, maximize); }
    }

    /** A param group overriding Adagrad's options. */
    public static ParamGroup group(List<? extends Tensor> params, UnaryOperator<Options> overrides) {
        return ParamGroup.of(params, Options.class, overrides);
    }

    public Adagrad(List<? extends Tensor> params) { this(params, Options.defaults()); }

    public Adagrad(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public Adagrad(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public Adagrad(Options options, List<ParamGroup> groups) { super("Adagrad", options, groups); }

    @Override
    protected void validate(OptimizerOptions options, int index) {
        Options o = (Options) options;
        requireRange(index, "lr", o.lr(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "lr_decay", o.lrDecay(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "weight_decay", o.weightDecay(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "initial_accumulator_value", o.initialAccumulatorValue(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "eps", o.eps(), 0, Double.POSITIVE_INFINITY);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) {
        Options o = (Options) g.options();
        Tensor sum = state.tensor("sum");
        if (sum == null) {
            sum = Tensor.fullLike(p, o.initialAccumulatorValue());
            state.put("sum", sum);
        }
        double step = state.number("step", 0) + 1;
        state.put("step", step);
        double weightDecay = o.weightDecay();
        Tensor d = o.maximize() ? grad.neg() : grad;
        if (weightDecay != 0) d = d.add(p.mul(weightDecay));
        double clr = o.lr() / (1 + (step - 1) * o.lrDecay());
        sum.addInPlace(d.mul(d), 1);
        Tensor std = sum.sqrt().add(o.eps());
        p.addInPlace(d.div(std), -clr);
    }
}

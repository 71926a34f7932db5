package org.nabla.optim;

import java.util.List;
import java.util.function.UnaryOperator;
import org.nabla.tensor.Tensor;

/**
 * Adadelta (Zeiler, 2012): steps scaled by the ratio of running RMS of past updates and of gradients, as PyTorch
 * 1.13's {@code torch.optim.Adadelta}. Per step, for each parameter p with gradient g:
 * <pre>
 *   g ← −g if maximize;   g ← g + weight_decay · p
 *   v ← rho · v + (1 − rho) · g²
 *   Δ ← √(u + eps) / √(v + eps) · g
 *   u ← rho · u + (1 − rho) · Δ²
 *   p ← p − lr · Δ
 * </pre>
 * Options ({@link Options}) and defaults: lr 1.0, rho 0.9, eps 1e-6, weight_decay 0, maximize false. State: {@code square_avg} (v),
 * {@code acc_delta} (u), {@code step}.
 */
public final class Adadelta extends Optimizer {
    /** Adadelta's options: {@code Adadelta.Options.defaults().withRho(0.95).withEps(1e-6)}. */
    public record Options(double lr, double rho, double eps, double weightDecay, boolean maximize) implements OptimizerOptions {
        public static Options defaults() { return new Options(1.0, 0.9, 1e-6, 0, false); }

        @Override
        public Options withLr(double lr) { return new Options(lr, rho, eps, weightDecay, maximize); }

        public Options withRho(double rho) { return new Options(lr, rho, eps, weightDecay, maximize); }

        public Options withEps(double eps) { return new Options(lr, rho, eps, weightDecay, maximize); }

        public Options withWeightDecay(double weightDecay) { return new Options(lr, rho, eps, weightDecay, maximize); }

        public Options withMaximize(boolean maximize) { return new Options(lr, rho, eps, weightDecay, maximize); }
    }

    /** A param group overriding Adadelta's options. */
    public static ParamGroup group(List<? extends Tensor> params, UnaryOperator<Options> overrides) {
        return ParamGroup.of(params, Options.class, overrides);
    }

    public Adadelta(List<? extends Tensor> params) { this(params, Options.defaults()); }

    public Adadelta(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public Adadelta(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public Adadelta(Options options, List<ParamGroup> groups) { super("Adadelta", options, groups); }

    @Override
    protected void validate(OptimizerOptions options, int index) {
        Options o = (Options) options;
        requireRange(index, "lr", o.lr(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "rho", o.rho(), 0, 1);
        requireRange(index, "eps", o.eps(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "weight_decay", o.weightDecay(), 0, Double.POSITIVE_INFINITY);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) {
        Options o = (Options) g.options();
        double rho = o.rho(), eps = o.eps(), weightDecay = o.weightDecay();
        Tensor squareAvg = state.tensor("square_avg"), accDelta = state.tensor("acc_delta");
        if (squareAvg == null) {
            squareAvg = Tensor.zerosLike(p);
            accDelta = Tensor.zerosLike(p);
            state.put("square_avg", squareAvg);
            state.put("acc_delta", accDelta);
        }
        state.put("step", state.number("step", 0) + 1);
        Tensor d = o.maximize() ? grad.neg() : grad;
        if (weightDecay != 0) d = d.add(p.mul(weightDecay));
        squareAvg.scaleAddInPlace(rho, d.mul(d), 1 - rho);
        Tensor std = squareAvg.add(eps).sqrt();
        Tensor delta = accDelta.add(eps).sqrt().div(std).mul(d);
        accDelta.scaleAddInPlace(rho, delta.mul(delta), 1 - rho);
        p.addInPlace(delta, -o.lr());
    }
}

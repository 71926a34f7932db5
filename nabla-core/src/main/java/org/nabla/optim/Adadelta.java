package org.nabla.optim;

import java.util.List;
import java.util.Map;
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
 * Options and defaults: lr 1.0, rho 0.9, eps 1e-6, weight_decay 0, maximize false. State: {@code square_avg} (v),
 * {@code acc_delta} (u), {@code step}.
 */
public final class Adadelta extends Optimizer {
    private static final Map<String, Double> BUILTIN = defaults(
            "lr", 1.0, "rho", 0.9, "eps", 1e-6, "weight_decay", 0, "maximize", false);

    /** Adadelta's options: {@code Adadelta.options().rho(0.95).eps(1e-6)}. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options rho(double rho) { return set("rho", rho); }

        public Options eps(double eps) { return set("eps", eps); }
    }

    public static Options options() { return new Options(); }

    public Adadelta(List<? extends Tensor> params) { this(params, options()); }

    public Adadelta(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public Adadelta(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public Adadelta(Options options, List<ParamGroup> groups) { super("Adadelta", BUILTIN, options, groups); }

    @Override
    protected void validate(ParamGroup g, int index) {
        requireRange(g, index, "lr", 0, Double.POSITIVE_INFINITY);
        requireRange(g, index, "rho", 0, 1);
        requireRange(g, index, "eps", 0, Double.POSITIVE_INFINITY);
        requireRange(g, index, "weight_decay", 0, Double.POSITIVE_INFINITY);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) {
        double rho = g.get("rho"), eps = g.get("eps"), weightDecay = g.get("weight_decay");
        Tensor squareAvg = state.tensor("square_avg"), accDelta = state.tensor("acc_delta");
        if (squareAvg == null) {
            squareAvg = Tensor.zerosLike(p);
            accDelta = Tensor.zerosLike(p);
            state.put("square_avg", squareAvg);
            state.put("acc_delta", accDelta);
        }
        state.put("step", state.number("step", 0) + 1);
        Tensor d = g.flag("maximize") ? grad.neg() : grad;
        if (weightDecay != 0) d = d.add(p.mul(weightDecay));
        squareAvg.scaleAddInPlace(rho, d.mul(d), 1 - rho);
        Tensor std = squareAvg.add(eps).sqrt();
        Tensor delta = accDelta.add(eps).sqrt().div(std).mul(d);
        accDelta.scaleAddInPlace(rho, delta.mul(delta), 1 - rho);
        p.addInPlace(delta, -g.lr());
    }
}

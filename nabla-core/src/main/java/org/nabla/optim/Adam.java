package org.nabla.optim;

import java.util.List;
import java.util.Map;
import org.nabla.backend.AdamStep;
import org.nabla.backend.Backends;
import org.nabla.tensor.Tensor;

/**
 * Adam (Kingma &amp; Ba, 2015), with the AMSGrad variant, as PyTorch 1.13's {@code torch.optim.Adam}. Its
 * weight_decay is an L2 term added to the gradient — so it is rescaled by the adaptive denominator, unlike
 * {@link AdamW}'s decoupled decay. Per step t = 1, 2, ... for each parameter p with gradient g:
 * <pre>
 *   g ← −g if maximize;   g ← g + weight_decay · p
 *   m ← beta1 · m + (1 − beta1) · g
 *   v ← beta2 · v + (1 − beta2) · g²
 *   v̂ ← max(v̂, v) if amsgrad, else v̂ ← v
 *   p ← p − lr / (1 − beta1^t) · m / (√v̂ / √(1 − beta2^t) + eps)
 * </pre>
 * Options and defaults: lr 1e-3, betas (0.9, 0.999) stored as beta1 and beta2, eps 1e-8, weight_decay 0, amsgrad
 * false, maximize false. State: {@code exp_avg} (m), {@code exp_avg_sq} (v), {@code max_exp_avg_sq} (amsgrad),
 * {@code step}.
 */
public final class Adam extends Optimizer {
    private static final Map<String, Double> BUILTIN = defaults(
            "lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0, "amsgrad", false, "maximize", false);

    /** The options of {@link Adam} and {@link AdamW}: {@code Adam.options().lr(1e-3).betas(0.9, 0.99).amsgrad(true)}. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options betas(double beta1, double beta2) { return set("beta1", beta1).set("beta2", beta2); }

        public Options eps(double eps) { return set("eps", eps); }

        public Options amsgrad(boolean amsgrad) { return set("amsgrad", amsgrad); }
    }

    public static Options options() { return new Options(); }

    public Adam(List<? extends Tensor> params) { this(params, options()); }

    public Adam(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public Adam(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public Adam(Options options, List<ParamGroup> groups) { super("Adam", BUILTIN, options, groups); }

    @Override
    protected void validate(ParamGroup g, int index) { validateAdam(this, g, index); }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) { adamStep(g, p, grad, state, false); }

    static void validateAdam(Optimizer opt, ParamGroup g, int index) {
        opt.requireRange(g, index, "lr", 0, Double.POSITIVE_INFINITY);
        opt.requireRange(g, index, "eps", 0, Double.POSITIVE_INFINITY);
        opt.requireRangeOpen(g, index, "beta1", 0, 1);
        opt.requireRangeOpen(g, index, "beta2", 0, 1);
        opt.requireRange(g, index, "weight_decay", 0, Double.POSITIVE_INFINITY);
    }

    /** The shared Adam/AdamW step; {@code decoupled} selects AdamW's p ← p·(1 − lr·weight_decay). */
    static void adamStep(ParamGroup g, Tensor p, Tensor grad, ParamState state, boolean decoupled) {
        double lr = g.lr(), beta1 = g.get("beta1"), beta2 = g.get("beta2"), weightDecay = g.get("weight_decay");
        boolean amsgrad = g.flag("amsgrad");
        Tensor expAvg = state.tensor("exp_avg"), expAvgSq = state.tensor("exp_avg_sq");
        if (expAvg == null) {
            expAvg = Tensor.zerosLike(p);
            expAvgSq = Tensor.zerosLike(p);
            state.put("exp_avg", expAvg);
            state.put("exp_avg_sq", expAvgSq);
        }
        double step = state.number("step", 0) + 1;
        state.put("step", step);
        if (amsgrad && state.tensor("max_exp_avg_sq") == null) state.put("max_exp_avg_sq", Tensor.zerosLike(p));
        if (fusedStep(g, p, grad, expAvg, expAvgSq, amsgrad ? state.tensor("max_exp_avg_sq") : null, step, decoupled)) return;
        Tensor d = g.flag("maximize") ? grad.neg() : grad;
        if (decoupled) p.mulInPlace(1 - lr * weightDecay);
        else if (weightDecay != 0) d = d.add(p.mul(weightDecay));
        expAvg.mulInPlace(beta1).addInPlace(d, 1 - beta1);
        expAvgSq.mulInPlace(beta2).addInPlace(d.mul(d), 1 - beta2);
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        Tensor second = expAvgSq;
        if (amsgrad) {
            Tensor max = state.tensor("max_exp_avg_sq");
            second = max.copyFrom(max.maximum(expAvgSq));
        }
        Tensor denom = second.sqrt().div(biasCorrection2Sqrt).add(g.get("eps"));
        p.addInPlace(expAvg.div(denom), -lr / biasCorrection1);
    }

    /**
     * The same update in one pass by the backend when it has a fused path (the CPU one does for dense float32, the
     * usual case): the tensor-op version above makes about ten passes and temporaries per parameter, which dominated
     * the optimiser's time on small models. Each element goes through the same float operations in the same order,
     * so both give the same bits.
     */
    private static boolean fusedStep(ParamGroup g, Tensor p, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor max,
                                     double step, boolean decoupled) {
        if (grad.numel() != p.numel()) return false;
        double lr = g.lr(), beta1 = g.get("beta1"), beta2 = g.get("beta2"), weightDecay = g.get("weight_decay");
        float rate = (float) (-lr / (1 - Math.pow(beta1, step)));
        AdamStep k = new AdamStep((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
                (float) Math.sqrt(1 - Math.pow(beta2, step)), (float) g.get("eps"), rate,
                decoupled ? 0f : (float) weightDecay, (float) (1 - lr * weightDecay), g.flag("maximize"), decoupled);
        return Backends.current().adamInPlace(k, p.storage(), p.layout(), grad.storage(), grad.layout(),
                expAvg.storage(), expAvg.layout(), expAvgSq.storage(), expAvgSq.layout(),
                max == null ? null : max.storage(), max == null ? null : max.layout());
    }
}

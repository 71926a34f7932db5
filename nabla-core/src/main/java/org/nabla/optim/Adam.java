package org.nabla.optim;

import java.util.List;
import java.util.function.UnaryOperator;
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
 * Options ({@link Options}) and defaults: lr 1e-3, betas (0.9, 0.999) as beta1 and beta2, eps 1e-8, weight_decay 0, amsgrad
 * false, maximize false. State: {@code exp_avg} (m), {@code exp_avg_sq} (v), {@code max_exp_avg_sq} (amsgrad),
 * {@code step}.
 */
public final class Adam extends Optimizer {
    /** Adam's options: {@code Adam.Options.defaults().withLr(1e-3).withBetas(0.9, 0.99).withAmsgrad(true)}. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, boolean maximize)
            implements OptimizerOptions {
        public static Options defaults() { return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false); }

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
    }

    /** A param group overriding Adam's options: {@code Adam.group(head, o -> o.withLr(1e-4).withWeightDecay(0))}. */
    public static ParamGroup group(List<? extends Tensor> params, UnaryOperator<Options> overrides) {
        return ParamGroup.of(params, Options.class, overrides);
    }

    public Adam(List<? extends Tensor> params) { this(params, Options.defaults()); }

    public Adam(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public Adam(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public Adam(Options options, List<ParamGroup> groups) { super("Adam", options, groups); }

    @Override
    protected void validate(OptimizerOptions options, int index) { validateAdam(this, (Options) options, index); }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) { adamStep((Options) g.options(), p, grad, state, false); }

    static void validateAdam(Optimizer opt, Options o, int index) {
        opt.requireRange(index, "lr", o.lr(), 0, Double.POSITIVE_INFINITY);
        opt.requireRange(index, "eps", o.eps(), 0, Double.POSITIVE_INFINITY);
        opt.requireRangeOpen(index, "beta1", o.beta1(), 0, 1);
        opt.requireRangeOpen(index, "beta2", o.beta2(), 0, 1);
        opt.requireRange(index, "weight_decay", o.weightDecay(), 0, Double.POSITIVE_INFINITY);
    }

    /** The shared Adam/AdamW step; {@code decoupled} selects AdamW's p ← p·(1 − lr·weight_decay). */
    static void adamStep(Options o, Tensor p, Tensor grad, ParamState state, boolean decoupled) {
        double lr = o.lr(), beta1 = o.beta1(), beta2 = o.beta2(), weightDecay = o.weightDecay();
        boolean amsgrad = o.amsgrad();
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
        if (fusedStep(o, p, grad, expAvg, expAvgSq, amsgrad ? state.tensor("max_exp_avg_sq") : null, step, decoupled)) return;
        Tensor d = o.maximize() ? grad.neg() : grad;
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
        Tensor denom = second.sqrt().div(biasCorrection2Sqrt).add(o.eps());
        p.addInPlace(expAvg.div(denom), -lr / biasCorrection1);
    }

    /**
     * The same update in one pass by the backend when it has a fused path (the CPU one does for dense float32, the
     * usual case): the tensor-op version above makes about ten passes and temporaries per parameter, which dominated
     * the optimiser's time on small models. Each element goes through the same float operations in the same order,
     * so both give the same bits.
     */
    private static boolean fusedStep(Options o, Tensor p, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor max,
                                     double step, boolean decoupled) {
        if (grad.numel() != p.numel()) return false;
        double lr = o.lr(), beta1 = o.beta1(), beta2 = o.beta2(), weightDecay = o.weightDecay();
        float rate = (float) (-lr / (1 - Math.pow(beta1, step)));
        AdamStep k = new AdamStep((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
                (float) Math.sqrt(1 - Math.pow(beta2, step)), (float) o.eps(), rate,
                decoupled ? 0f : (float) weightDecay, (float) (1 - lr * weightDecay), o.maximize(), decoupled);
        return Backends.current().adamInPlace(k, p.storage(), p.layout(), grad.storage(), grad.layout(),
                expAvg.storage(), expAvg.layout(), expAvgSq.storage(), expAvgSq.layout(),
                max == null ? null : max.storage(), max == null ? null : max.layout());
    }
}

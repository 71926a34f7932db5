package org.nabla.optim;

import java.util.List;
import java.util.function.UnaryOperator;
import org.nabla.tensor.Tensor;

/**
 * RMSProp (Hinton's lecture 6e), plain, with momentum, or centered, as PyTorch 1.13's {@code torch.optim.RMSprop}.
 * Per step, for each parameter p with gradient g:
 * <pre>
 *   g ← −g if maximize;   g ← g + weight_decay · p
 *   v ← alpha · v + (1 − alpha) · g²
 *   if centered:  m ← alpha · m + (1 − alpha) · g;   a ← √(v − m²) + eps
 *   else:         a ← √v + eps
 *   if momentum &gt; 0:  b ← momentum · b + g / a;   p ← p − lr · b
 *   else:              p ← p − lr · g / a
 * </pre>
 * Options ({@link Options}) and defaults: lr 0.01, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered false, maximize false.
 * State: {@code square_avg}, {@code momentum_buffer} (with momentum), {@code grad_avg} (centered), {@code step}.
 */
public final class RMSprop extends Optimizer {
    /** RMSprop's options: {@code RMSprop.Options.defaults().withLr(0.01).withMomentum(0.9).withCentered(true)}. */
    public record Options(double lr, double momentum, double alpha, double eps, boolean centered, double weightDecay, boolean maximize)
            implements OptimizerOptions {
        public static Options defaults() { return new Options(1e-2, 0, 0.99, 1e-8, false, 0, false); }

        @Override
        public Options withLr(double lr) { return new Options(lr, momentum, alpha, eps, centered, weightDecay, maximize); }

        public Options withMomentum(double momentum) { return new Options(lr, momentum, alpha, eps, centered, weightDecay, maximize); }

        public Options withAlpha(double alpha) { return new Options(lr, momentum, alpha, eps, centered, weightDecay, maximize); }

        public Options withEps(double eps) { return new Options(lr, momentum, alpha, eps, centered, weightDecay, maximize); }

        public Options withCentered(boolean centered) { return new Options(lr, momentum, alpha, eps, centered, weightDecay, maximize); }

        public Options withWeightDecay(double weightDecay) { return new Options(lr, momentum, alpha, eps, centered, weightDecay, maximize); }

        public Options withMaximize(boolean maximize) { return new Options(lr, momentum, alpha, eps, centered, weightDecay, maximize); }

        @Override
        public boolean hasCycledMomentum() { return true; }

        @Override
        public double cycledMomentum() { return momentum; }

        @Override
        public Options withCycledMomentum(double momentum) { return withMomentum(momentum); }
    }

    /** A param group overriding RMSprop's options. */
    public static ParamGroup group(List<? extends Tensor> params, UnaryOperator<Options> overrides) {
        return ParamGroup.of(params, Options.class, overrides);
    }

    public RMSprop(List<? extends Tensor> params) { this(params, Options.defaults()); }

    public RMSprop(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public RMSprop(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public RMSprop(Options options, List<ParamGroup> groups) { super("RMSprop", options, groups); }

    @Override
    protected void validate(OptimizerOptions options, int index) {
        Options o = (Options) options;
        requireRange(index, "lr", o.lr(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "eps", o.eps(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "momentum", o.momentum(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "weight_decay", o.weightDecay(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "alpha", o.alpha(), 0, Double.POSITIVE_INFINITY);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) {
        Options o = (Options) g.options();
        double alpha = o.alpha(), momentum = o.momentum(), weightDecay = o.weightDecay();
        state.put("step", state.number("step", 0) + 1);
        Tensor d = o.maximize() ? grad.neg() : grad;
        if (weightDecay != 0) d = d.add(p.mul(weightDecay));
        Tensor squareAvg = stateTensor(state, "square_avg", p);
        squareAvg.scaleAddInPlace(alpha, d.mul(d), 1 - alpha);
        Tensor avg;
        if (o.centered()) {
            Tensor gradAvg = stateTensor(state, "grad_avg", p);
            gradAvg.scaleAddInPlace(alpha, d, 1 - alpha);
            avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
        } else {
            avg = squareAvg.sqrt();
        }
        avg = avg.add(o.eps());
        if (momentum > 0) {
            Tensor buf = stateTensor(state, "momentum_buffer", p);
            buf.scaleAddInPlace(momentum, d.div(avg), 1);
            p.addInPlace(buf, -o.lr());
        } else {
            p.addInPlace(d.div(avg), -o.lr());
        }
    }

    private static Tensor stateTensor(ParamState state, String key, Tensor p) {
        Tensor t = state.tensor(key);
        if (t == null) {
            t = Tensor.zerosLike(p);
            state.put(key, t);
        }
        return t;
    }
}

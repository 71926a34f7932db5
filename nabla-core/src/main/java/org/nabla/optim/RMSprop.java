package org.nabla.optim;

import java.util.List;
import java.util.Map;
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
 * Options and defaults: lr 0.01, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered false, maximize false.
 * State: {@code square_avg}, {@code momentum_buffer} (with momentum), {@code grad_avg} (centered), {@code step}.
 */
public final class RMSprop extends Optimizer {
    private static final Map<String, Double> BUILTIN = defaults(
            "lr", 1e-2, "momentum", 0, "alpha", 0.99, "eps", 1e-8, "centered", false, "weight_decay", 0, "maximize", false);

    /** RMSprop's options: {@code RMSprop.options().lr(0.01).momentum(0.9).centered(true)}. */
    public static final class Options extends OptimizerOptions<Options> {
        public Options alpha(double alpha) { return set("alpha", alpha); }

        public Options eps(double eps) { return set("eps", eps); }

        public Options momentum(double momentum) { return set("momentum", momentum); }

        public Options centered(boolean centered) { return set("centered", centered); }
    }

    public static Options options() { return new Options(); }

    public RMSprop(List<? extends Tensor> params) { this(params, options()); }

    public RMSprop(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public RMSprop(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public RMSprop(Options options, List<ParamGroup> groups) { super("RMSprop", BUILTIN, options, groups); }

    @Override
    protected void validate(ParamGroup g, int index) {
        for (String k : new String[] {"lr", "eps", "momentum", "weight_decay", "alpha"})
            requireRange(g, index, k, 0, Double.POSITIVE_INFINITY);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) {
        double alpha = g.get("alpha"), momentum = g.get("momentum"), weightDecay = g.get("weight_decay");
        state.put("step", state.number("step", 0) + 1);
        Tensor d = g.flag("maximize") ? grad.neg() : grad;
        if (weightDecay != 0) d = d.add(p.mul(weightDecay));
        Tensor squareAvg = stateTensor(state, "square_avg", p);
        squareAvg.scaleAddInPlace(alpha, d.mul(d), 1 - alpha);
        Tensor avg;
        if (g.flag("centered")) {
            Tensor gradAvg = stateTensor(state, "grad_avg", p);
            gradAvg.scaleAddInPlace(alpha, d, 1 - alpha);
            avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
        } else {
            avg = squareAvg.sqrt();
        }
        avg = avg.add(g.get("eps"));
        if (momentum > 0) {
            Tensor buf = stateTensor(state, "momentum_buffer", p);
            buf.scaleAddInPlace(momentum, d.div(avg), 1);
            p.addInPlace(buf, -g.lr());
        } else {
            p.addInPlace(d.div(avg), -g.lr());
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

package org.nabla.optim;

import java.util.List;
import java.util.function.UnaryOperator;
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
 * Options ({@link Options}) and defaults: lr (required), momentum 0, dampening 0, weight_decay 0, nesterov false, maximize false.
 * Nesterov needs momentum &gt; 0 and dampening 0. State: {@code momentum_buffer} (only with momentum).
 */
public final class SGD extends Optimizer {
    /**
     * SGD's options: {@code SGD.Options.defaults().withLr(0.1).withMomentum(0.9).withNesterov(true)}; lr has no
     * default (NaN) and must be set.
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize)
            implements OptimizerOptions {
        public static Options defaults() { return new Options(Double.NaN, 0, 0, 0, false, false); }

        @Override
        public Options withLr(double lr) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }

        public Options withMomentum(double momentum) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }

        public Options withDampening(double dampening) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }

        public Options withWeightDecay(double weightDecay) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }

        public Options withNesterov(boolean nesterov) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }

        public Options withMaximize(boolean maximize) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }

        @Override
        public boolean hasCycledMomentum() { return true; }

        @Override
        public double cycledMomentum() { return momentum; }

        @Override
        public Options withCycledMomentum(double momentum) { return withMomentum(momentum); }
    }

    /** A param group overriding SGD's options: {@code SGD.group(head, o -> o.withLr(0.01).withMomentum(0))}. */
    public static ParamGroup group(List<? extends Tensor> params, UnaryOperator<Options> overrides) {
        return ParamGroup.of(params, Options.class, overrides);
    }

    /** Plain SGD over {@code params}. */
    public SGD(List<? extends Tensor> params, double lr) { this(params, Options.defaults().withLr(lr)); }

    public SGD(List<? extends Tensor> params, Options options) { this(options, List.of(ParamGroup.of(params))); }

    public SGD(Options options, ParamGroup... groups) { this(options, List.of(groups)); }

    public SGD(Options options, List<ParamGroup> groups) { super("SGD", options, groups); }

    @Override
    protected void validate(OptimizerOptions options, int index) {
        Options o = (Options) options;
        requireRange(index, "lr", o.lr(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "momentum", o.momentum(), 0, Double.POSITIVE_INFINITY);
        requireRange(index, "weight_decay", o.weightDecay(), 0, Double.POSITIVE_INFINITY);
        if (o.nesterov() && (o.momentum() <= 0 || o.dampening() != 0))
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero dampening (param group "
                    + index + " has momentum " + o.momentum() + ", dampening " + o.dampening() + ")");
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad, ParamState state) {
        Options o = (Options) g.options();
        double momentum = o.momentum(), weightDecay = o.weightDecay();
        Tensor d = o.maximize() ? grad.neg() : grad;
        if (weightDecay != 0) d = d.add(p.mul(weightDecay));
        if (momentum != 0) {
            Tensor buf = state.tensor("momentum_buffer");
            if (buf == null) {
                buf = d.detach().copy();
                state.put("momentum_buffer", buf);
            } else {
                buf.scaleAddInPlace(momentum, d, 1 - o.dampening());
            }
            d = o.nesterov() ? d.add(buf.mul(momentum)) : buf;
        }
        p.addInPlace(d, -o.lr());
    }
}

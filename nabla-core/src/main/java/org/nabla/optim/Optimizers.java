package org.nabla.optim;

import java.util.List;
import org.nabla.registry.Registry;
import org.nabla.tensor.Tensor;

/** The built-in optimizers by name, with the command line's recipe for each: the registration point of optimizers. */
public final class Optimizers {
    private Optimizers() {}

    /** The settings a command line chooses; each optimizer takes those it has (momentum only sgd and rmsprop). */
    public record Settings(double lr, double momentum, double weightDecay) {}

    /** Makes an optimizer over parameter groups (each with its overrides of the settings) from {@link Settings}. */
    @FunctionalInterface
    public interface Factory {
        Optimizer create(List<ParamGroup> groups, Settings s);
    }

    /**
     * A registered optimizer.
     *
     * @param lr          the learning rate when none is given
     * @param oneCycleLr  the peak rate when none is given and the schedule is one-cycle
     * @param momentum    the momentum when none is given; NaN for an optimizer without a momentum option
     */
    public record Kind(Factory factory, double lr, double oneCycleLr, double momentum) {
        public boolean hasMomentum() { return !Double.isNaN(momentum); }
    }

    public static final Registry<Kind> REGISTRY = new Registry<Kind>("optimizer")
            .register("sgd", "stochastic gradient descent with momentum (default 0.9, lr 0.1)", new Kind((p, s) ->
                    new SGD(SGD.Options.defaults().withLr(s.lr()).withMomentum(s.momentum()).withWeightDecay(s.weightDecay()), p), 0.1, 0.1, 0.9))
            .register("nesterov", "sgd with Nesterov momentum (default 0.9, lr 0.1)", new Kind((p, s) ->
                    new SGD(SGD.Options.defaults().withLr(s.lr()).withMomentum(s.momentum()).withWeightDecay(s.weightDecay()).withNesterov(true), p),
                    0.1, 0.1, 0.9))
            .register("adam", "Adam (lr 0.001, 0.005 as one-cycle peak)", new Kind((p, s) ->
                    new Adam(Adam.Options.defaults().withLr(s.lr()).withWeightDecay(s.weightDecay()), p), 0.001, 0.005, Double.NaN))
            .register("adamw", "Adam with decoupled weight decay (lr 0.001, 0.005 as one-cycle peak)", new Kind((p, s) ->
                    new AdamW(AdamW.Options.defaults().withLr(s.lr()).withWeightDecay(s.weightDecay()), p), 0.001, 0.005, Double.NaN))
            .register("rmsprop", "RMSprop (lr 0.001, momentum 0)", new Kind((p, s) ->
                    new RMSprop(RMSprop.Options.defaults().withLr(s.lr()).withMomentum(s.momentum()).withWeightDecay(s.weightDecay()), p), 0.001, 0.001, 0))
            .register("adagrad", "Adagrad (lr 0.01)", new Kind((p, s) ->
                    new Adagrad(Adagrad.Options.defaults().withLr(s.lr()).withWeightDecay(s.weightDecay()), p), 0.01, 0.01, Double.NaN))
            .register("adadelta", "Adadelta (lr 1)", new Kind((p, s) ->
                    new Adadelta(Adadelta.Options.defaults().withLr(s.lr()).withWeightDecay(s.weightDecay()), p), 1.0, 1.0, Double.NaN));

    /** The registered optimizer {@code name} over {@code params}. */
    public static Optimizer create(String name, List<? extends Tensor> params, Settings s) { return create(name, s, List.of(ParamGroup.of(params))); }

    /**
     * The registered optimizer {@code name} over parameter groups, e.g. {@link ParamGroups#byPrefix}'s discriminative
     * learning rates; the settings are every group's defaults (the order of the optimizers' own constructors).
     */
    public static Optimizer create(String name, Settings s, List<ParamGroup> groups) { return REGISTRY.get(name).factory().create(groups, s); }
}

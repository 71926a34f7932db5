package org.nabla.optim;

import java.util.List;
import org.nabla.registry.Registry;
import org.nabla.tensor.Tensor;

/** The built-in optimizers by name, with the command line's recipe for each: the registration point of optimizers. */
public final class Optimizers {
    private Optimizers() {}

    /** The settings a command line chooses; each optimizer takes those it has (momentum only sgd and rmsprop). */
    public record Settings(double lr, double momentum, double weightDecay) {}

    /** Makes an optimizer over parameters from {@link Settings}. */
    @FunctionalInterface
    public interface Factory {
        Optimizer create(List<? extends Tensor> params, Settings s);
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
                    new SGD(p, SGD.Options.defaults().withLr(s.lr()).withMomentum(s.momentum()).withWeightDecay(s.weightDecay())), 0.1, 0.1, 0.9))
            .register("nesterov", "sgd with Nesterov momentum (default 0.9, lr 0.1)", new Kind((p, s) ->
                    new SGD(p, SGD.Options.defaults().withLr(s.lr()).withMomentum(s.momentum()).withWeightDecay(s.weightDecay()).withNesterov(true)),
                    0.1, 0.1, 0.9))
            .register("adam", "Adam (lr 0.001, 0.005 as one-cycle peak)", new Kind((p, s) ->
                    new Adam(p, Adam.Options.defaults().withLr(s.lr()).withWeightDecay(s.weightDecay())), 0.001, 0.005, Double.NaN))
            .register("adamw", "Adam with decoupled weight decay (lr 0.001, 0.005 as one-cycle peak)", new Kind((p, s) ->
                    new AdamW(p, AdamW.Options.defaults().withLr(s.lr()).withWeightDecay(s.weightDecay())), 0.001, 0.005, Double.NaN))
            .register("rmsprop", "RMSprop (lr 0.001, momentum 0)", new Kind((p, s) ->
                    new RMSprop(p, RMSprop.Options.defaults().withLr(s.lr()).withMomentum(s.momentum()).withWeightDecay(s.weightDecay())), 0.001, 0.001, 0))
            .register("adagrad", "Adagrad (lr 0.01)", new Kind((p, s) ->
                    new Adagrad(p, Adagrad.Options.defaults().withLr(s.lr()).withWeightDecay(s.weightDecay())), 0.01, 0.01, Double.NaN))
            .register("adadelta", "Adadelta (lr 1)", new Kind((p, s) ->
                    new Adadelta(p, Adadelta.Options.defaults().withLr(s.lr()).withWeightDecay(s.weightDecay())), 1.0, 1.0, Double.NaN));

    /** The registered optimizer {@code name} over {@code params}. */
    public static Optimizer create(String name, List<? extends Tensor> params, Settings s) { return REGISTRY.get(name).factory().create(params, s); }
}

package org.nabla.optim;

/**
 * The hyper-parameters of an optimizer: each optimizer has a record of them with their real types
 * ({@link SGD.Options}, {@link Adam.Options}, ...), PyTorch's defaults from {@code Options.defaults()} and copies
 * with one value changed: {@code SGD.Options.defaults().withLr(0.1).withMomentum(0.9)}. Checkpoints store the
 * components by PyTorch's names ({@code weightDecay} as {@code weight_decay}, booleans as 1/0); see
 * {@link OptionNames}, which reads the record's components reflectively: an optimizer of your own needs a public
 * record of doubles and booleans in a package the core can read (exported, or on the class path).
 *
 * <p>This interface is what every optimizer has and what schedules move: the learning rate, and the momentum that
 * one-cycle schedules cycle (SGD's and RMSprop's {@code momentum}, Adam's and AdamW's {@code beta1}).
 */
public interface OptimizerOptions {
    double lr();

    OptimizerOptions withLr(double lr);

    /** Whether there is a momentum for schedules to cycle. */
    default boolean hasCycledMomentum() { return false; }

    /** The momentum schedules cycle: SGD's and RMSprop's momentum, Adam's beta1. */
    default double cycledMomentum() { throw new UnsupportedOperationException(OptionNames.typeName(getClass()) + " has no momentum or beta1"); }

    default OptimizerOptions withCycledMomentum(double momentum) {
        throw new UnsupportedOperationException(OptionNames.typeName(getClass()) + " has no momentum or beta1");
    }

    /**
     * A copy with another weight decay: every built-in optimizer has one, so a group can turn it off for biases and
     * norms ({@code ParamGroup.of(norms, o -> o.withWeightDecay(0))}) whatever the optimizer.
     */
    default OptimizerOptions withWeightDecay(double weightDecay) {
        throw new UnsupportedOperationException(OptionNames.typeName(getClass()) + " has no weight decay");
    }
}

package org.nabla.nn.loss;

import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * A loss as a module: {@code loss.call(input, target)} gives a 0-d tensor (or the per-element losses with
 * {@link Reduction#NONE}), through {@link Module#invoke} so forward hooks see it like any other module. Options
 * are fixed at construction; class weights are registered as buffers, so they move with the state dict, as in
 * PyTorch. The computation itself is the loss's function in {@link org.nabla.nn.functional.F}.
 */
public abstract class Loss extends Module {
    protected final Reduction reduction;

    protected Loss(Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction must not be null");
        this.reduction = reduction;
    }

    /** The loss of input (predictions, logits or log-probabilities, per loss) against target; runs the forward hooks. */
    public final Tensor call(Tensor input, Tensor target) { return invoke(() -> forward(input, target), input, target); }

    /** The computation; invoke the loss with {@link #call(Tensor, Tensor)}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** A loss needs a target too. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(name() + " takes an input and a target: call(input, target)");
    }

    public Reduction reduction() { return reduction; }
}

package org.nabla.internal;

import org.nabla.autograd.Node;
import org.nabla.tensor.Tensor;

/**
 * What the autograd engine does to a {@link Tensor} that users must not: this package is not exported, so these
 * are not public API. {@code Tensor} registers the implementation when its class initialises, which has happened
 * by the time anyone holds a tensor to pass here.
 */
public interface TensorInternals {
    /** Makes t the output of a recorded op ({@link Node#record}). */
    void setGradFn(Tensor t, Node node);

    /** Adds g to t's stored gradient; the first one is kept as is only when owned (nobody else holds its storage). */
    void accumulateGrad(Tensor t, Tensor g, boolean owned);

    /** Runs t's gradient hooks on g in order. */
    Tensor runGradHooks(Tensor t, Tensor g);

    /** The implementation {@code Tensor} registered. */
    static TensorInternals get() { return Registry.instance; }

    /** Called once, by {@code Tensor}'s static initialiser. */
    static void register(TensorInternals impl) {
        if (Registry.instance != null) throw new IllegalStateException("TensorInternals already registered");
        Registry.instance = impl;
    }

    /** Holds the registered implementation. */
    final class Registry {
        private static volatile TensorInternals instance;

        private Registry() {}
    }
}

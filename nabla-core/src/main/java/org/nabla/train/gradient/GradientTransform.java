package org.nabla.train.gradient;

/**
 * One stage of the {@link GradientChain} that runs between {@code backward()} and the optimizer's step: it reads
 * and may change the gradients of {@link GradientContext#parameters()} in place (under no-grad), and may log values.
 */
@FunctionalInterface
public interface GradientTransform {
    void apply(GradientContext gradients);
}

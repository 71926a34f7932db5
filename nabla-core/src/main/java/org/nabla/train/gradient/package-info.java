/**
 * What happens to the gradients between {@code backward()} and the optimizer's step: a
 * {@link org.nabla.train.gradient.GradientChain} of {@link org.nabla.train.gradient.GradientTransform}s that tasks
 * run on each step and that options and callbacks extend. A trainer's chain starts with the all-reduce slot
 * ({@link org.nabla.train.gradient.GradientAllReduce}, {@link org.nabla.train.gradient.LocalAllReduce} on one
 * worker) and the {@link org.nabla.train.gradient.NonFiniteGuard}; add clipping
 * ({@link org.nabla.train.gradient.ClipGradNorm}, {@link org.nabla.train.gradient.ClipGradValue}), annealed noise
 * ({@link org.nabla.train.gradient.GradientNoise}) or monitoring ({@link org.nabla.train.gradient.GradientStats}).
 *
 * <pre>{@code
 * Trainer t = Trainer.builder(model, optimizer).train(loader)
 *         .gradientTransform(new ClipGradNorm(1.0))
 *         .gradientTransform(new GradientStats(100))   // logs grad/<parameter>/norm ... every 100 steps
 *         .build();
 * }</pre>
 */
package org.nabla.train.gradient;

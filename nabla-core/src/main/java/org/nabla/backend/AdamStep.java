package org.nabla.backend;

/**
 * The per-step constants of a fused Adam/AdamW update ({@link Backend#adamInPlace}): beta1, 1 - beta1, beta2,
 * 1 - beta2, sqrt(1 - beta2^t), eps, the step rate -lr / (1 - beta1^t), the L2 weight decay added to the gradient
 * (0 for AdamW) and AdamW's shrink factor 1 - lr * wd.
 */
public record AdamStep(float b1, float a1, float b2, float a2, float bc2, float eps, float rate, float wd, float shrink,
                       boolean maximize, boolean decoupled) {}

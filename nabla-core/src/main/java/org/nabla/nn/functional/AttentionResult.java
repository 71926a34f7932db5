package org.nabla.nn.functional;

import org.nabla.tensor.Tensor;

/**
 * What attention returns: the attended values, and the attention weights over the keys (each row sums to 1, after
 * any dropout) or null where they were not asked for.
 */
public record AttentionResult(Tensor output, Tensor weights) {}

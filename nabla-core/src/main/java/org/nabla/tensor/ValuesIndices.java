package org.nabla.tensor;

/** Result of max(dim) / min(dim): the values and the int64 indices where they occur. */
public record ValuesIndices(Tensor values, Tensor indices) {}

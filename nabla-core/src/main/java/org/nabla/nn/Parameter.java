package org.nabla.nn;

import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * A tensor that a {@link Module} owns and an optimizer updates: a leaf that requires grad (unless frozen).
 * It shares the storage of the tensor it was made from.
 */
public final class Parameter extends Tensor {

    public Parameter(Tensor data) {
        super(data.dtype().isFloating() ? data.detach().contiguous() : failNotFloating(data));
        requiresGrad(true);
    }

    private static Tensor failNotFloating(Tensor data) {
        throw new IllegalArgumentException("Parameter: only floating-point tensors can be parameters, got " + data.dtype());
    }

    /** Float32 zeros of the given shape, to be filled by an initialiser. */
    public static Parameter zeros(int... shape) { return new Parameter(Tensor.zeros(DType.FLOAT32, shape)); }
}

package org.nabla.autograd;

import org.nabla.tensor.Tensor;

/** The local backward rule of an op for one of its inputs: dL/d(output) in, dL/d(input) out. */
@FunctionalInterface
public interface GradFn {
    Tensor apply(Tensor gradOutput);
}

package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/** max(x, 0), like torch.nn.ReLU; the gradient at 0 is 0. */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) { return F.relu(input); }
}

package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/** The hyperbolic tangent, like torch.nn.Tanh. */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor input) { return F.tanh(input); }
}

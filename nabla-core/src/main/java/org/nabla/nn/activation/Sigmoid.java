package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/** 1 / (1 + e^-x), like torch.nn.Sigmoid. */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) { return F.sigmoid(input); }
}

package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * scale * ELU(x, alpha) with the self-normalising constants alpha = 1.6733 and scale = 1.0507, like torch.nn.SELU
 * (pair it with LeCun-normal initialisation).
 */
public final class SELU extends Module {
    @Override
    public Tensor forward(Tensor input) { return F.selu(input); }
}

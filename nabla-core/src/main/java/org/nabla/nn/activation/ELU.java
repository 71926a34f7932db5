package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/** x for x > 0, alpha (e^x - 1) otherwise (default alpha 1), like torch.nn.ELU. */
public final class ELU extends Module {
    private final double alpha;

    public ELU() { this(1.0); }

    public ELU(double alpha) { this.alpha = alpha; }

    @Override
    public Tensor forward(Tensor input) { return F.elu(input, alpha); }

    public double alpha() { return alpha; }

    @Override
    protected String extraRepr() { return "alpha=" + alpha; }
}

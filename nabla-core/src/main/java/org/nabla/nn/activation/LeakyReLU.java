package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/** x for x > 0, negativeSlope * x otherwise (default slope 0.01), like torch.nn.LeakyReLU. */
public final class LeakyReLU extends Module {
    private final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override
    public Tensor forward(Tensor input) { return F.leakyRelu(input, negativeSlope); }

    public double negativeSlope() { return negativeSlope; }

    @Override
    protected String extraRepr() { return "negative_slope=" + negativeSlope; }
}

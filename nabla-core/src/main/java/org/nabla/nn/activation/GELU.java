package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * x * Phi(x), Phi the standard normal CDF, like torch.nn.GELU: exact (via erf) by default, or the tanh
 * approximation with approximate = "tanh".
 */
public final class GELU extends Module {
    private final String approximate;

    public GELU() { this("none"); }

    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh"))
            throw new IllegalArgumentException("GELU: approximate must be 'none' or 'tanh', got '" + approximate + "'");
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor input) { return F.gelu(input, approximate); }

    public String approximate() { return approximate; }

    @Override
    protected String extraRepr() { return "approximate='" + approximate + "'"; }
}

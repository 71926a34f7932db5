package org.nabla.nn.activation;

import java.util.Arrays;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * x for x > 0, a * x otherwise, with the slope a learned, like torch.nn.PReLU: one slope shared by all channels
 * (numParameters 1, the default) or one per channel (numParameters = C, the size of dim 1 of the input). The
 * weight Parameter [numParameters] starts at init, 0.25 by default.
 */
public final class PReLU extends Module {
    private final int numParameters;
    public final Parameter weight;

    public PReLU() { this(1, 0.25); }

    public PReLU(int numParameters) { this(numParameters, 0.25); }

    public PReLU(int numParameters, double init) {
        if (numParameters <= 0) throw new IllegalArgumentException("PReLU: num_parameters must be positive, got " + numParameters);
        this.numParameters = numParameters;
        this.weight = registerParameter("weight", new Parameter(Tensor.full(init, numParameters)));
    }

    @Override
    public Tensor forward(Tensor input) {
        if (numParameters > 1 && (input.dim() < 2 || input.size(1) != numParameters))
            throw new IllegalArgumentException(this + ": expected input [N, " + numParameters + ", ...], got " + Arrays.toString(input.shape()));
        return F.prelu(input, weight);
    }

    public int numParameters() { return numParameters; }

    @Override
    protected String extraRepr() { return "num_parameters=" + numParameters; }
}

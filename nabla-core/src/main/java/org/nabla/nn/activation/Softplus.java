package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * log(1 + e^(beta x)) / beta, a smooth ReLU, like torch.nn.Softplus (beta 1, threshold 20: where beta x exceeds
 * the threshold the output is x itself).
 */
public final class Softplus extends Module {
    private final double beta;
    private final double threshold;

    public Softplus() { this(1, 20); }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) { return F.softplus(input, beta, threshold); }

    /** As PyTorch prints its defaults: "beta=1, threshold=20". */
    @Override
    protected String extraRepr() { return "beta=" + number(beta) + ", threshold=" + number(threshold); }

    private static String number(double v) { return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v); }
}

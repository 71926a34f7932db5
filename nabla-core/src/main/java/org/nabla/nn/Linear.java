package org.nabla.nn;

import java.util.Arrays;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * y = x W^T + b for x [..., in] and W [out, in]. Default initialisation, as in PyTorch: W and b uniform in
 * [-1/sqrt(in), 1/sqrt(in)] (Kaiming-uniform with a = sqrt(5)). The 2-d case adds the bias inside the GEMM (addmm).
 */
public final class Linear extends Module {
    private final int in, out;
    public final Parameter weight;
    public final Parameter bias;

    public Linear(int in, int out) { this(in, out, true, Generator.global()); }

    public Linear(int in, int out, boolean bias, Generator gen) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear: feature counts must be positive, got in=" + in + ", out=" + out);
        this.in = in;
        this.out = out;
        double bound = 1 / Math.sqrt(in);
        this.weight = registerParameter("weight", Parameter.zeros(out, in));
        Init.uniform(weight, -bound, bound, gen);
        if (bias) {
            this.bias = registerParameter("bias", Parameter.zeros(out));
            Init.uniform(this.bias, -bound, bound, gen);
        } else {
            this.bias = null;
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != in)
            throw new IllegalArgumentException("Linear(in_features=" + in + ", out_features=" + out + "): expected input [..., " + in
                    + "], got " + Arrays.toString(x.shape()));
        if (x.dim() == 2 && bias != null) return Tensor.addmm(bias, x, weight.t());
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    public int inFeatures() { return in; }

    public int outFeatures() { return out; }

    @Override
    protected String extraRepr() { return "in_features=" + in + ", out_features=" + out + ", bias=" + (bias != null ? "True" : "False"); }
}

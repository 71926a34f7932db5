package org.nabla.nn;

import java.util.Arrays;
import org.nabla.nn.functional.F;
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
        Parameter[] wb = registerParameters(this, "Linear", in, out, bias, gen);
        this.in = in;
        this.out = out;
        this.weight = wb[0];
        this.bias = wb[1];
    }

    /** Registers "weight" [out, in] and "bias" [out] (or null) on owner, initialised as above from gen. */
    static Parameter[] registerParameters(Module owner, String layer, int in, int out, boolean bias, Generator gen) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException(layer + ": feature counts must be positive, got in=" + in + ", out=" + out);
        double bound = 1 / Math.sqrt(in);
        Parameter w = owner.registerParameter("weight", Parameter.zeros(out, in));
        Init.uniform(w, -bound, bound, gen);
        Parameter b = null;
        if (bias) {
            b = owner.registerParameter("bias", Parameter.zeros(out));
            Init.uniform(b, -bound, bound, gen);
        }
        return new Parameter[] {w, b};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != in)
            throw new IllegalArgumentException(this + ": expected input [..., " + in + "], got " + Arrays.toString(x.shape()));
        return F.linear(x, weight, bias);
    }

    public int inFeatures() { return in; }

    public int outFeatures() { return out; }

    @Override
    protected String extraRepr() { return "in_features=" + in + ", out_features=" + out + ", bias=" + (bias != null ? "True" : "False"); }
}

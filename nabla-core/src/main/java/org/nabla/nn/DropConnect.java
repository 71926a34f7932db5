package org.nabla.nn;

import java.util.Arrays;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A {@link Linear} layer with DropConnect (Wan et al., 2013): in training each weight is zeroed with probability p
 * and the kept ones are scaled by 1 / (1 - p) (one mask per call, from the layer's generator, as {@link Dropout}
 * draws it); the bias is not dropped. In eval mode it is the plain linear layer. Parameters, their names
 * ("weight", "bias") and their default initialisation are Linear's, so a Linear's state dict loads into it.
 */
public final class DropConnect extends Module {
    private final int in, out;
    private final double p;
    private final Generator maskGen;
    public final Parameter weight;
    public final Parameter bias;

    /** With bias, initialised from and masked by the global generator. */
    public DropConnect(int in, int out, double p) { this(in, out, p, true, Generator.global(), Generator.global()); }

    /** initGen initialises the parameters, maskGen draws the masks. */
    public DropConnect(int in, int out, double p, boolean bias, Generator initGen, Generator maskGen) {
        this.p = Dropout.checkP("DropConnect", p);
        Parameter[] wb = Linear.registerParameters(this, "DropConnect", in, out, bias, initGen);
        this.in = in;
        this.out = out;
        this.maskGen = maskGen;
        this.weight = wb[0];
        this.bias = wb[1];
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != in)
            throw new IllegalArgumentException(this + ": expected input [..., " + in + "], got " + Arrays.toString(x.shape()));
        return F.dropConnect(x, weight, bias, p, isTraining(), maskGen);
    }

    public int inFeatures() { return in; }

    public int outFeatures() { return out; }

    public double p() { return p; }

    @Override
    protected String extraRepr() {
        return "in_features=" + in + ", out_features=" + out + ", bias=" + PyRepr.bool(bias != null) + ", p=" + PyRepr.num(p);
    }
}

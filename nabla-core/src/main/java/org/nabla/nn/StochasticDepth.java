package org.nabla.nn;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Stochastic depth (Huang et al., 2016), as {@code torchvision.ops.StochasticDepth}: put on a residual branch, in
 * training it drops the branch's output with probability p, per sample (mode "row") or for the whole batch
 * ("batch"), and scales what it keeps by 1 / (1 - p); in eval mode it is the identity. The mask comes from the
 * layer's generator, drawn as {@link F#stochasticDepth} draws it.
 */
public final class StochasticDepth extends Module {
    private final double p;
    private final String mode;
    private final Generator gen;

    public StochasticDepth(double p, String mode) { this(p, mode, Generator.global()); }

    public StochasticDepth(double p, String mode, Generator gen) {
        this.p = Dropout.checkP("StochasticDepth", p);
        if (!"row".equals(mode) && !"batch".equals(mode))
            throw new IllegalArgumentException("StochasticDepth: mode has to be either 'batch' or 'row', got '" + mode + "'");
        this.mode = mode;
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) { return F.stochasticDepth(x, p, mode, isTraining(), gen); }

    public double p() { return p; }

    public String mode() { return mode; }

    @Override
    protected String extraRepr() { return "p=" + PyRepr.num(p) + ", mode=" + mode; }
}

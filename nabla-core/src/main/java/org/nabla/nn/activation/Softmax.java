package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/** e^x / sum(e^x) along dim, like torch.nn.Softmax(dim). */
public final class Softmax extends Module {
    private final int dim;

    public Softmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor input) { return F.softmax(input, dim); }

    public int dim() { return dim; }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}

package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/** log(softmax(x)) along dim, computed stably, like torch.nn.LogSoftmax(dim); feed it to NLLLoss. */
public final class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax(int dim) { this.dim = dim; }

    @Override
    public Tensor forward(Tensor input) { return F.logSoftmax(input, dim); }

    public int dim() { return dim; }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}

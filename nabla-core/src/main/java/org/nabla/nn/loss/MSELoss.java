package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/** The mean squared error (squared L2 norm): (input - target)^2, reduced; like torch.nn.MSELoss. */
public final class MSELoss extends Loss {
    public MSELoss() { this(Reduction.MEAN); }

    public MSELoss(Reduction reduction) { super(reduction); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.mseLoss(input, target, reduction); }
}

package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/** The mean absolute error: |input - target|, reduced; like torch.nn.L1Loss. */
public final class L1Loss extends Loss {
    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) { super(reduction); }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.l1Loss(input, target, reduction); }
}

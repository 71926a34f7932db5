package org.nabla.nn.loss;

import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * The negative log-likelihood of class indices under log-probabilities (e.g. the output of LogSoftmax), like
 * torch.nn.NLLLoss; LogSoftmax followed by NLLLoss is CrossEntropyLoss. Optional class weights (buffer "weight")
 * and an ignored class index. See {@link F#nllLoss}.
 */
public final class NLLLoss extends Loss {
    private final Tensor weight;
    private final int ignoreIndex;

    public NLLLoss() { this(null, F.DEFAULT_IGNORE_INDEX, Reduction.MEAN); }

    public NLLLoss(Reduction reduction) { this(null, F.DEFAULT_IGNORE_INDEX, reduction); }

    public NLLLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.nllLoss(input, target, weight, ignoreIndex, reduction); }

    public int ignoreIndex() { return ignoreIndex; }
}

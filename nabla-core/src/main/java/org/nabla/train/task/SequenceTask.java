package org.nabla.train.task;

import java.util.Arrays;
import org.nabla.data.Batch;
import org.nabla.metrics.Accuracy;
import org.nabla.metrics.Perplexity;
import org.nabla.nn.Module;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.Reduction;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Tensor;

/**
 * Per-token prediction: logits [B, T, V] against token targets [B, T], every position a sample of the
 * cross-entropy. Targets equal to the ignore index (padding) count for nothing: not in the loss, the accuracy or
 * the perplexity. A batch's optional second target is a mask [B, T] (1 counts, 0 ignores), turned into the ignore
 * index. Losses are means per counted token; metrics: token accuracy and perplexity.
 */
public final class SequenceTask extends SupervisedTask {
    private final int ignoreIndex;

    /** Cross-entropy over the tokens not equal to {@code ignoreIndex} (PyTorch's default is -100). */
    public SequenceTask(Module model, Optimizer optimizer, int ignoreIndex) {
        this(model, optimizer, new CrossEntropyLoss(null, ignoreIndex, 0, Reduction.MEAN));
    }

    /** With a cross-entropy loss of its own (label smoothing, class weights); its ignore index is the task's. */
    public SequenceTask(Module model, Optimizer optimizer, CrossEntropyLoss loss) {
        super(model, optimizer, loss);
        ignoreIndex = loss.ignoreIndex();
        metric(() -> new Accuracy(ignoreIndex)).metric(() -> new Perplexity(ignoreIndex));
    }

    public int ignoreIndex() { return ignoreIndex; }

    @Override
    protected Pair pair(Tensor output, Batch batch) {
        Tensor y = batch.y();
        if (output.dim() != 3 || y.dim() != 2 || output.size(0) != y.size(0) || output.size(1) != y.size(1))
            throw new IllegalArgumentException("SequenceTask: expected logits [B, T, V] and targets [B, T], got " + Arrays.toString(output.shape())
                    + " and " + Arrays.toString(y.shape()));
        if (batch.targets().size() > 1) y = masked(y, batch.target(1));
        return new Pair(output.reshape(-1, output.size(2)), y.reshape(-1));
    }

    /** The targets with the ignore index where the mask is 0. */
    private Tensor masked(Tensor y, Tensor mask) {
        if (!Arrays.equals(mask.shape(), y.shape()))
            throw new IllegalArgumentException("SequenceTask: the mask " + Arrays.toString(mask.shape()) + " must match the targets " + Arrays.toString(y.shape()));
        long[] t = y.toLongArray();
        double[] m = mask.toDoubleArray();
        for (int i = 0; i < t.length; i++) if (m[i] == 0) t[i] = ignoreIndex;
        return Tensor.of(t, y.shape());
    }

    /** Tokens counted: those not equal to the ignore index. */
    @Override
    protected double lossWeight(Pair p, Batch batch) {
        long counted = 0;
        for (long t : p.target().toLongArray()) if (t != ignoreIndex) counted++;
        return counted;
    }
}

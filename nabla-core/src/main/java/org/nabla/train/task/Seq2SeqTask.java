package org.nabla.train.task;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nabla.data.Batch;
import org.nabla.metrics.ExactMatch;
import org.nabla.metrics.Metric;
import org.nabla.models.text.Seq2Seq;
import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;
import org.nabla.train.Task;

/**
 * Sequence-to-sequence training with teacher forcing: batches of (source [B, S], decoder input [B, T]) and targets
 * [B, T] (the decoder input shifted left, ending with the end token); loss: mean cross-entropy per target token
 * (padding ignored). Metric: exact match of whole sequences — in training from the teacher-forced argmax, in
 * evaluation from greedy decoding (the model's own outputs fed back), the figure that counts.
 */
public final class Seq2SeqTask implements Task {
    private final Seq2Seq model;
    private final Optimizer optimizer;
    private final int pad, start, end;

    /**
     * @param optimizer null for evaluation only
     * @param pad       the targets' padding id (ignored by the loss and the metric)
     * @param start     the decoder's start token (greedy decoding starts from it)
     * @param end       the end token (greedy decoding stops at it)
     */
    public Seq2SeqTask(Seq2Seq model, Optimizer optimizer, int pad, int start, int end) {
        if (model == null) throw new IllegalArgumentException("Seq2SeqTask: a model is required");
        this.model = model;
        this.optimizer = optimizer;
        this.pad = pad;
        this.start = start;
        this.end = end;
    }

    @Override public Map<String, Module> models() { return Map.of("model", model); }

    @Override public Map<String, Optimizer> optimizers() { return optimizer == null ? Map.of() : Map.of("optimizer", optimizer); }

    @Override public List<Metric> metrics() { return List.of(new ExactMatch(pad)); }

    @Override
    public StepResult trainStep(Batch batch, StepContext ctx) {
        if (optimizer == null) throw new IllegalStateException("Seq2SeqTask: training needs an optimizer");
        optimizer.zeroGrad();
        Tensor logits = logits(batch), y = batch.y();
        Tensor loss = loss(logits, y);
        double value = loss.item();
        ctx.checkLoss(value, model, () -> logits(batch));
        loss.backward();
        ctx.transformGradients(model.namedParameters());
        optimizer.step();
        double tokens = counted(y);
        return new StepResult(value * tokens, tokens, batch.size(), logits.detach(), y);
    }

    /** The teacher-forced loss, and the greedy decoding's tokens [B, T] (padded after the end token) for the metric. */
    @Override
    public StepResult evalStep(Batch batch) {
        Tensor y = batch.y();
        double tokens = counted(y), value = loss(logits(batch), y).item();
        int b = y.size(0), t = y.size(1);
        long[][] decoded = model.greedy(batch.input(0), start, end, t);
        long[] predicted = new long[b * t];
        Arrays.fill(predicted, pad);
        for (int r = 0; r < b; r++) {
            System.arraycopy(decoded[r], 0, predicted, r * t, decoded[r].length);
            if (decoded[r].length < t) predicted[r * t + decoded[r].length] = end;
        }
        return new StepResult(value * tokens, tokens, b, Tensor.of(predicted, b, t), y);
    }

    private Tensor logits(Batch batch) {
        if (batch.inputs().size() != 2)
            throw new IllegalArgumentException("Seq2SeqTask: a batch needs two inputs (source, decoder input), got " + batch.inputs().size());
        Tensor logits = model.call(batch.input(0), batch.input(1)).logits(), y = batch.y();
        if (logits.dim() != 3 || y.dim() != 2 || logits.size(0) != y.size(0) || logits.size(1) != y.size(1))
            throw new IllegalArgumentException("Seq2SeqTask: expected logits [B, T, V] for targets [B, T], got " + Arrays.toString(logits.shape()) + " and "
                    + Arrays.toString(y.shape()));
        return logits;
    }

    private Tensor loss(Tensor logits, Tensor y) { return F.crossEntropy(logits.reshape(-1, logits.size(2)), y.reshape(-1), null, pad, 0, org.nabla.nn.loss.Reduction.MEAN); }

    private double counted(Tensor y) {
        long n = 0;
        for (long v : y.toLongArray()) if (v != pad) n++;
        return n;
    }
}

package org.nabla.train.task;

import java.util.List;
import java.util.Map;
import org.nabla.data.Batch;
import org.nabla.metrics.Accuracy;
import org.nabla.metrics.Metric;
import org.nabla.metrics.Perplexity;
import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.optim.Optimizer;
import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.SequenceState;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;
import org.nabla.train.Task;

/**
 * Next-token prediction with truncated backpropagation through time: batches of consecutive chunks (a
 * {@link org.nabla.data.TextStreams} read in order) feed a {@link LanguageModel} whose state is carried from one
 * chunk to the next and detached at the boundary, so gradients flow through one chunk only while the state still
 * sees the whole stream. The state starts afresh with each epoch (batch 1) and each evaluation pass. Loss: mean
 * cross-entropy per token, in nats; metrics: next-token accuracy and perplexity (exp of the loss).
 */
public final class LanguageModelTask implements Task {
    private final Module module;
    private final LanguageModel model;
    private final Optimizer optimizer;
    private final boolean carryState;
    private SequenceState trainState, evalState;
    private boolean evalFresh = true;

    /**
     * @param model      a module implementing {@link LanguageModel}
     * @param optimizer  null for evaluation only
     * @param carryState whether the state crosses chunk boundaries (truncated BPTT); false starts every chunk afresh
     */
    public LanguageModelTask(Module model, Optimizer optimizer, boolean carryState) {
        if (!(model instanceof LanguageModel lm))
            throw new IllegalArgumentException("LanguageModelTask: " + (model == null ? "null" : model.name()) + " is not a LanguageModel");
        this.module = model;
        this.model = lm;
        this.optimizer = optimizer;
        this.carryState = carryState;
    }

    @Override public Map<String, Module> models() { return Map.of("model", module); }

    @Override public Map<String, Optimizer> optimizers() { return optimizer == null ? Map.of() : Map.of("optimizer", optimizer); }

    @Override public List<Metric> metrics() { return List.of(new Accuracy(F.DEFAULT_IGNORE_INDEX), new Perplexity(F.DEFAULT_IGNORE_INDEX)); }

    /** Forgets the carried states: the next training and evaluation chunks start their streams afresh. */
    public void resetState() {
        trainState = null;
        evalState = null;
        evalFresh = true;
    }

    @Override
    public StepResult trainStep(Batch batch, StepContext ctx) {
        if (optimizer == null) throw new IllegalStateException("LanguageModelTask: training needs an optimizer");
        evalFresh = true;
        SequenceState before = carryState && ctx.batch() > 1 && trainState != null ? trainState.detach() : null;
        optimizer.zeroGrad();
        Tensor x = batch.x(), y = batch.y();
        LanguageModel.Output out = model.step(x, before);
        Tensor logits = flat(out.logits(), y), target = y.reshape(-1);
        Tensor loss = F.crossEntropy(logits, target);
        double value = loss.item();
        ctx.checkLoss(value, module, () -> model.step(x, before));
        loss.backward();
        ctx.transformGradients(module.namedParameters());
        optimizer.step();
        trainState = out.state();
        return new StepResult(value * target.numel(), target.numel(), batch.size(), logits, target);
    }

    @Override
    public StepResult evalStep(Batch batch) {
        if (evalFresh) {
            evalState = null;
            evalFresh = false;
        }
        Tensor y = batch.y();
        LanguageModel.Output out = model.step(batch.x(), carryState ? evalState : null);
        evalState = out.state() == null ? null : out.state().detach();
        Tensor logits = flat(out.logits(), y), target = y.reshape(-1);
        double value = F.crossEntropy(logits, target).item();
        return new StepResult(value * target.numel(), target.numel(), batch.size(), logits, target);
    }

    /** logits [B, T, V] as rows [B*T, V], checked against the targets [B, T]. */
    private static Tensor flat(Tensor logits, Tensor y) {
        if (logits.dim() != 3 || y.dim() != 2 || logits.size(0) != y.size(0) || logits.size(1) != y.size(1))
            throw new IllegalArgumentException("LanguageModelTask: expected logits [B, T, V] for targets [B, T], got " + java.util.Arrays.toString(logits.shape())
                    + " and " + java.util.Arrays.toString(y.shape()));
        return logits.reshape(-1, logits.size(2));
    }
}

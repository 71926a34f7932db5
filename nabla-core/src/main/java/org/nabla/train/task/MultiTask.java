package org.nabla.train.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.data.Batch;
import org.nabla.metrics.Accuracy;
import org.nabla.metrics.Metric;
import org.nabla.models.MultiHeadModel;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.functional.F;
import org.nabla.nn.loss.MultiTaskLoss;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;
import org.nabla.train.Task;

/**
 * Multi-task classification: a {@link MultiHeadModel} whose head i is trained with the cross-entropy (mean over
 * the batch) of its logits against the batch's target i, the heads' losses combined by a {@link MultiTaskLoss}
 * (fixed or learned uncertainty weights). The step's loss is that combined loss.
 *
 * <p>Metrics: {@code accuracy} (the main, first head's, so the usual monitors and reports see the main task), and
 * for each head {@code <head>_loss} (its mean cross-entropy) and {@code <head>_accuracy}; with learned weights also
 * {@code <head>_weight}, the weight exp(-s_i) at the end of the loop. Checkpoints hold the model under
 * {@code model.} and the loss's parameters under {@code loss_weights.}. The optimizer must update the parameters
 * of both: build it over {@link #parameters}.
 */
public final class MultiTask implements Task {
    private final MultiHeadModel model;
    private final Optimizer optimizer;
    private final MultiTaskLoss weighting;
    private final List<String> heads;
    private final List<Integer> widths;

    /** @param optimizer over {@link #parameters(MultiHeadModel, MultiTaskLoss)}; null for a task used only to evaluate */
    public MultiTask(MultiHeadModel model, Optimizer optimizer, MultiTaskLoss weighting) {
        if (model == null || weighting == null) throw new IllegalArgumentException("MultiTask: a model and a MultiTaskLoss are required");
        this.heads = model.headNames();
        if (weighting.tasks() != heads.size())
            throw new IllegalArgumentException("MultiTask: the loss combines " + weighting.tasks() + " tasks, the model has " + heads.size() + " heads " + heads);
        this.model = model;
        this.optimizer = optimizer;
        this.weighting = weighting;
        this.widths = widths();
    }

    /** What the optimizer trains: the model's parameters, then the loss's (the learned s_i). */
    public static List<Parameter> parameters(MultiHeadModel model, MultiTaskLoss weighting) {
        List<Parameter> all = new ArrayList<>(model.parameters());
        all.addAll(weighting.parameters());
        return all;
    }

    public MultiHeadModel model() { return model; }

    public MultiTaskLoss weighting() { return weighting; }

    @Override
    public Map<String, Module> models() {
        Map<String, Module> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("loss_weights", weighting);
        return m;
    }

    @Override
    public Map<String, Optimizer> optimizers() {
        Map<String, Optimizer> m = new LinkedHashMap<>();
        if (optimizer != null) m.put("optimizer", optimizer);
        return m;
    }

    @Override
    public List<Metric> metrics() {
        List<Metric> out = new ArrayList<>();
        int from = 0;
        out.add(new HeadMetric("", 0, widths.get(0), 0, new Accuracy()));
        for (int i = 0; i < heads.size(); i++) {
            out.add(new HeadMetric(heads.get(i) + "_", from, widths.get(i), i, new HeadMetric.MeanCrossEntropy()));
            out.add(new HeadMetric(heads.get(i) + "_", from, widths.get(i), i, new Accuracy()));
            if (weighting.learned()) out.add(new HeadMetric.Weight(heads.get(i) + "_weight", weighting, i));
            from += widths.get(i);
        }
        return out;
    }

    /** Each head's number of outputs (its Linear's out features). */
    private List<Integer> widths() {
        List<Integer> w = new ArrayList<>();
        for (String h : heads) {
            if (!(model.head(h) instanceof org.nabla.nn.Linear l))
                throw new IllegalArgumentException("MultiTask: head '" + h + "' is a " + model.head(h).name() + "; the task needs Linear heads (their widths are the classes)");
            w.add(l.outFeatures());
        }
        return w;
    }

    /** The heads' outputs and losses on one batch. */
    private record Forward(Map<String, Tensor> outputs, List<Tensor> losses, Tensor total) {}

    private Forward forward(Batch batch) {
        if (batch.targets().size() < heads.size())
            throw new IllegalArgumentException("MultiTask: the model has " + heads.size() + " heads " + heads + ", the batch has " + batch.targets().size()
                    + " target" + (batch.targets().size() == 1 ? "" : "s") + " (one per head, in head order)");
        Map<String, Tensor> outputs = model.callHeads(batch.x());
        List<Tensor> losses = new ArrayList<>();
        for (int i = 0; i < heads.size(); i++) losses.add(F.crossEntropy(outputs.get(heads.get(i)), batch.target(i)));
        return new Forward(outputs, losses, weighting.call(losses));
    }

    @Override
    public StepResult trainStep(Batch batch, StepContext ctx) {
        if (optimizer == null) throw new IllegalStateException("MultiTask: training needs an optimizer");
        optimizer.zeroGrad();
        Forward f = forward(batch);
        double value = f.total().item();
        ctx.checkLoss(value, model, () -> model.call(batch.x()));
        f.total().backward();
        Map<String, Tensor> named = new LinkedHashMap<>();
        model.namedParameters().forEach((k, p) -> named.put("model." + k, p));
        weighting.namedParameters().forEach((k, p) -> named.put("loss_weights." + k, p));
        ctx.transformGradients(named);
        optimizer.step();
        return result(value, f, batch);
    }

    @Override
    public StepResult evalStep(Batch batch) {
        Forward f = forward(batch);
        return result(f.total().item(), f, batch);
    }

    /** The loss as a sum over the batch's samples; outputs: the heads' logits side by side, targets: one column per head. */
    private StepResult result(double value, Forward f, Batch batch) {
        List<Tensor> targets = new ArrayList<>();
        for (int i = 0; i < heads.size(); i++) targets.add(batch.target(i));
        Tensor output = Tensor.cat(f.outputs().values().stream().map(Tensor::detach).toList(), 1), target = Tensor.stack(targets, 1);
        return new StepResult(value * batch.size(), batch.size(), batch.size(), output, target);
    }
}

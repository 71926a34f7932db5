package org.nabla.train.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nabla.data.Batch;
import org.nabla.metrics.Metric;
import org.nabla.nn.Module;
import org.nabla.nn.loss.Loss;
import org.nabla.nn.loss.Reduction;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;
import org.nabla.train.Task;

/**
 * One model, one optimizer and one loss of the model's output against the batch's first target: the step is
 * zero the gradients, forward, loss (checked finite), backward, the gradient chain, the optimizer's step. A
 * subclass says how outputs and targets meet the loss ({@link #pair}) and what its losses are averaged over
 * ({@link #lossWeight}); custom metrics plug in with {@link #metric}.
 */
public abstract class SupervisedTask implements Task {
    protected final Module model;
    protected final Optimizer optimizer;
    protected final Loss loss;
    private final List<Supplier<? extends Metric>> metrics = new ArrayList<>();

    /** @param optimizer null for a task used only to evaluate */
    protected SupervisedTask(Module model, Optimizer optimizer, Loss loss) {
        if (model == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": a model is required");
        this.model = model;
        this.optimizer = optimizer;
        this.loss = checkReduces(loss);
    }

    /** The loss, which must reduce to a scalar (mean or sum). */
    public static Loss checkReduces(Loss l) {
        if (l == null) throw new IllegalArgumentException("Trainer: the loss must not be null");
        if (l.reduction() == Reduction.NONE) throw new IllegalArgumentException("Trainer: the loss " + l.name() + " must reduce to a scalar, not 'none'");
        return l;
    }

    /** Adds a metric, made fresh for each loop by {@code metric} (e.g. {@code R2Score::new}). */
    public SupervisedTask metric(Supplier<? extends Metric> metric) {
        metrics.add(metric);
        return this;
    }

    public Module model() { return model; }

    public Optimizer optimizer() { return optimizer; }

    public Loss loss() { return loss; }

    @Override public Map<String, Module> models() { return Map.of("model", model); }

    @Override
    public Map<String, Optimizer> optimizers() {
        Map<String, Optimizer> m = new LinkedHashMap<>();
        if (optimizer != null) m.put("optimizer", optimizer);
        return m;
    }

    @Override
    public List<Metric> metrics() {
        List<Metric> out = new ArrayList<>();
        for (Supplier<? extends Metric> s : metrics) out.add(s.get());
        return out;
    }

    /** The output and the target as the loss and the metrics take them (e.g. tokens flattened to rows). */
    protected record Pair(Tensor output, Tensor target) {}

    /** How the model's output and the batch meet the loss; by default the output and the first target as they are. */
    protected Pair pair(Tensor output, Batch batch) { return new Pair(output, batch.y()); }

    /** What the loss is a mean over (samples by default); a sum-reduced loss is divided by it. */
    protected double lossWeight(Pair p, Batch batch) { return batch.size(); }

    /** The model's output for the batch: the model called on the first input. */
    protected Tensor forward(Batch batch) { return model.call(batch.x()); }

    @Override
    public StepResult trainStep(Batch batch, StepContext ctx) {
        if (optimizer == null) throw new IllegalStateException(getClass().getSimpleName() + ": training needs an optimizer");
        optimizer.zeroGrad();
        Pair p = pair(forward(batch), batch);
        Tensor l = lossOf(p);
        double value = l.item();
        ctx.checkLoss(value, model, () -> forward(batch));
        l.backward();
        ctx.transformGradients(model.namedParameters());
        optimizer.step();
        return result(value, p, batch);
    }

    @Override
    public StepResult evalStep(Batch batch) {
        Pair p = pair(forward(batch), batch);
        return result(lossOf(p).item(), p, batch);
    }

    private StepResult result(double value, Pair p, Batch batch) {
        double weight = lossWeight(p, batch);
        return new StepResult(loss.reduction() == Reduction.SUM ? value : value * weight, weight, batch.size(), p.output(), p.target());
    }

    private Tensor lossOf(Pair p) { return loss.call(p.output(), p.target()); }
}

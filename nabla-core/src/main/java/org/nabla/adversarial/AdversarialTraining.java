package org.nabla.adversarial;

import java.util.List;
import java.util.Map;
import org.nabla.data.Batch;
import org.nabla.explain.PixelModel;
import org.nabla.metrics.Metric;
import org.nabla.nn.Module;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;
import org.nabla.train.Task;

/**
 * Adversarial training (Madry et al. 2018): each training batch is replaced by the attack's examples against the
 * model as it is (attacked in eval mode, in pixel units through {@code pixels}, whose normalisation is the
 * batch's), then the wrapped task trains on them; evaluation stays on clean batches. Random starts draw from the
 * global generator, so a resumed run continues exactly.
 */
public final class AdversarialTraining implements Task {
    private final Task task;
    private final PixelModel pixels;
    private final Attack attack;

    /** {@code pixels} wraps the task's classifier (the module its batches go into) with the data's normalisation. */
    public AdversarialTraining(Task task, PixelModel pixels, Attack attack) {
        if (task == null || pixels == null || attack == null) throw new IllegalArgumentException("AdversarialTraining: task, model and attack are required");
        this.task = task;
        this.pixels = pixels;
        this.attack = attack;
    }

    public Attack attack() { return attack; }

    @Override public Map<String, Module> models() { return task.models(); }

    @Override public Map<String, Optimizer> optimizers() { return task.optimizers(); }

    @Override public List<Metric> metrics() { return task.metrics(); }

    @Override
    public StepResult trainStep(Batch batch, StepContext ctx) {
        Module model = pixels.model();
        boolean training = model.isTraining();
        model.eval();
        Tensor adversarial;
        try {
            adversarial = attack.perturb(pixels, pixels.pixels(batch.x()), batch.y(), null, Generator.global());
        } finally {
            model.train(training);
        }
        return task.trainStep(batch.withX(pixels.normalize(adversarial)), ctx);
    }

    @Override
    public StepResult evalStep(Batch batch) { return task.evalStep(batch); }
}

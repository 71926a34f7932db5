package org.nabla.train;

import java.util.List;
import java.util.Map;
import org.nabla.data.Batch;
import org.nabla.metrics.Metric;
import org.nabla.nn.Module;
import org.nabla.optim.Optimizer;

/**
 * What one training step does; the {@link Trainer} runs the loop around it (epochs, evaluation, schedules,
 * callbacks, checkpoints). Built-in tasks: {@code train.task.ClassificationTask}, {@code RegressionTask} and
 * {@code SequenceTask}. A custom task implements this interface directly, for example a GAN whose step trains a
 * discriminator and then a generator with two optimizers, or an agent whose steps come from its environment
 * ({@link Trainer.Builder#stepsPerEpoch}) instead of a data loader.
 *
 * <p>A step follows the pattern: zero the gradients, forward, {@link StepContext#checkLoss}, {@code backward()},
 * {@link StepContext#transformGradients} (the trainer's gradient chain: all-reduce, non-finite guard, clipping...),
 * then the optimizer's step.
 */
public interface Task {
    /** The modules trained, by name (one for most tasks): the trainer switches their modes and checkpoints them. */
    Map<String, Module> models();

    /** The optimizers the task steps, by name: checkpointed with the models (empty for evaluation only). */
    Map<String, Optimizer> optimizers();

    /** Fresh metrics for one loop, updated with each step's outputs and targets; the trainer logs them as train_/val_name. */
    default List<Metric> metrics() { return List.of(); }

    /** One training step on {@code batch} ({@link Batch#EMPTY} when the task makes its own data). */
    StepResult trainStep(Batch batch, StepContext ctx);

    /** The loss and outputs on one batch; the trainer calls it with the models in eval mode and without gradients. */
    default StepResult evalStep(Batch batch) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not evaluate on batches (it has no evalStep)");
    }
}

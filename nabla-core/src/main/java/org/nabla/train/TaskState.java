package org.nabla.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.io.Checkpoint;
import org.nabla.nn.Module;
import org.nabla.optim.Optimizer;
import org.nabla.optim.OptimizerState;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A task's models and optimizers as one checkpoint. One model and one optimizer are stored as they always were
 * (the model's own keys, the optimizer's state); several models become one module whose children are named after
 * them ("generator.0.weight"), and several optimizers one state whose keys start with the optimizer's name
 * ("discriminator/0.exp_avg"), their classes listed in the config under {@value #OPTIMIZERS}.
 */
final class TaskState {
    static final String OPTIMIZERS = "optimizers";
    private final Module model;
    private final Map<String, Optimizer> optimizers;

    TaskState(Task task) {
        Map<String, Module> models = task.models();
        if (models.isEmpty()) throw new IllegalArgumentException("Trainer: the task " + task.getClass().getSimpleName() + " has no model");
        model = models.size() == 1 ? models.values().iterator().next() : new Models(models);
        optimizers = new LinkedHashMap<>(task.optimizers());
    }

    /** The one model, or a module holding every model as a child. */
    Module model() { return model; }

    /** The first optimizer (whose learning rate the logs show), or null. */
    Optimizer firstOptimizer() { return optimizers.isEmpty() ? null : optimizers.values().iterator().next(); }

    Checkpoint capture(String name, long epoch, long step, Generator generator, Map<String, Object> config) {
        if (optimizers.size() <= 1) return Checkpoint.of(name, model, firstOptimizer(), epoch, step, generator, config);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> numbers = new LinkedHashMap<>();
        Map<String, Object> classes = new LinkedHashMap<>();
        optimizers.forEach((n, o) -> {
            OptimizerState s = o.stateDict();
            s.tensors().forEach((k, t) -> tensors.put(n + "/" + k, t));
            s.metadata().forEach((k, v) -> numbers.put(n + "/" + k, v));
            classes.put(n, o.name());
        });
        Map<String, Object> withClasses = new LinkedHashMap<>(config);
        withClasses.put(OPTIMIZERS, classes);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        model.stateDict().forEach((k, t) -> weights.put(k, t.copy()));
        return new Checkpoint(name, weights, String.join("+", classes.values().stream().map(Object::toString).toList()),
                new OptimizerState(tensors, numbers), epoch, step, generator == null ? null : generator.state(), withClasses);
    }

    void restore(Checkpoint c, Generator generator) {
        if (optimizers.size() <= 1) {
            c.restore(model, firstOptimizer(), generator);
            return;
        }
        String what = "Trainer.resume: the checkpoint of '" + c.modelName() + "'";
        if (!(c.config().get(OPTIMIZERS) instanceof Map<?, ?> classes) || c.optimizer() == null)
            throw new IllegalArgumentException(what + " holds no state of the optimizers " + optimizers.keySet());
        optimizers.forEach((n, o) -> {
            if (!o.name().equals(classes.get(n)))
                throw new IllegalArgumentException(what + " holds " + (classes.get(n) == null ? "no" : classes.get(n)) + " state for optimizer '" + n
                        + "', not " + o.name());
        });
        c.restore(model, null, generator);
        optimizers.forEach((n, o) -> o.loadStateDict(part(c.optimizer(), n + "/")));
    }

    private static OptimizerState part(OptimizerState all, String prefix) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> numbers = new LinkedHashMap<>();
        all.tensors().forEach((k, t) -> {
            if (k.startsWith(prefix)) tensors.put(k.substring(prefix.length()), t);
        });
        all.metadata().forEach((k, v) -> {
            if (k.startsWith(prefix)) numbers.put(k.substring(prefix.length()), v);
        });
        return new OptimizerState(tensors, numbers);
    }

    /** Several models as the children of one module, for their state dict and modes. */
    private static final class Models extends Module {
        Models(Map<String, Module> models) { models.forEach(this::registerModule); }
    }
}

package org.nabla.train;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.autograd.GradMode;
import org.nabla.data.Batch;
import org.nabla.data.DataLoader;
import org.nabla.metrics.Metric;
import org.nabla.nn.Module;

/**
 * The mean loss and the metrics of a task over a loader's samples: the one evaluation loop (used for validation by
 * the {@link Trainer}, and by {@code nabla eval}). Runs {@link Task#evalStep} in eval mode without gradients; the
 * models' modes are restored afterwards.
 *
 * @param metrics each metric's value by its name
 */
public record Evaluation(double loss, Map<String, Double> metrics, long samples) {
    public Evaluation {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The "accuracy" metric, NaN if the task has none. */
    public double accuracy() { return metrics.getOrDefault("accuracy", Double.NaN); }

    /** Evaluates {@code task} on every batch of {@code loader}, updating {@code metrics} (reset first). */
    public static Evaluation of(Task task, DataLoader loader, List<Metric> metrics) {
        Map<Module, Boolean> modes = new IdentityHashMap<>();
        for (Module m : task.models().values()) {
            modes.put(m, m.isTraining());
            m.eval();
        }
        Tally tally = new Tally(metrics);
        try (var s = GradMode.noGrad(); DataLoader.Epoch batches = loader.iterator()) {
            while (batches.hasNext()) {
                Batch b = batches.next();
                tally.add(task.evalStep(b));
            }
        } finally {
            modes.forEach(Module::train);
        }
        return new Evaluation(tally.loss(), tally.metrics(""), tally.samples());
    }
}

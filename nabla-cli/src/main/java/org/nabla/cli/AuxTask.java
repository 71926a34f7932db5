package org.nabla.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.data.Dataset;
import org.nabla.data.LabelGroups;
import org.nabla.data.Mnist;
import org.nabla.models.MultiHeadModel;
import org.nabla.nn.Module;
import org.nabla.nn.ModuleDict;
import org.nabla.nn.loss.MultiTaskLoss;
import org.nabla.tensor.Generator;

/**
 * Multi-task runs ({@code --aux-task}, {@code --task-weights}): the model is the registered classifier split at its
 * last Linear layer ({@link MultiHeadModel#split}) into a trunk, the main head {@value #MAIN_HEAD} (the classes) and
 * an auxiliary head whose target is a grouping of the classes, added to every split as a second target.
 *
 * @param dataset the dataset the grouping applies to
 */
record AuxTask(String name, String dataset, LabelGroups groups, String description) {
    /** The main head's name. */
    static final String MAIN_HEAD = "class";
    /** --task-weights' word for learned uncertainty weights. */
    static final String UNCERTAINTY = "uncertainty";
    /** Equal weights, when --task-weights is not given. */
    static final String DEFAULT_WEIGHTS = "1,1";

    /** The auxiliary tasks by name. */
    static final Map<String, AuxTask> TASKS = Map.of("coarse",
            new AuxTask("coarse", Mnist.FASHION, LabelGroups.FASHION_MNIST_COARSE, "tops / footwear / other, from the Fashion-MNIST class"));

    /** The task {@code name}; an unknown one is an error listing the others. */
    static AuxTask named(String name) {
        AuxTask t = TASKS.get(name);
        if (t == null) throw new IllegalArgumentException("--aux-task: unknown '" + name + "'; available: " + String.join(", ", TASKS.keySet()));
        return t;
    }

    /**
     * --task-weights checked and written canonically ("1.0,0.5" or "uncertainty"); a malformed value is an
     * {@code IllegalArgumentException} whose message is the one-line error.
     */
    static String checkWeights(String spec) {
        String s = spec.strip();
        if (s.equals(UNCERTAINTY)) return s;
        String[] parts = s.split(",", -1);
        if (parts.length != 2)
            throw new IllegalArgumentException("--task-weights takes two weights, the main task's and the auxiliary task's (e.g. 1,0.5), or 'uncertainty'; got '" + spec + "'");
        double[] w = new double[2];
        for (int i = 0; i < 2; i++) {
            try {
                w[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--task-weights: '" + parts[i].strip() + "' is not a number (write e.g. 1,0.5 or 'uncertainty')");
            }
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) throw new IllegalArgumentException("--task-weights must be finite and >= 0, got '" + spec + "'");
        }
        if (w[0] == 0 && w[1] == 0) throw new IllegalArgumentException("--task-weights: at least one weight must be > 0, got '" + spec + "'");
        return w[0] + "," + w[1];
    }

    /** The loss of a run's --task-weights (checked). */
    static MultiTaskLoss weighting(String weights) {
        if (weights.equals(UNCERTAINTY)) return MultiTaskLoss.uncertainty(2);
        String[] p = checkWeights(weights).split(",");
        return MultiTaskLoss.fixed(Double.parseDouble(p[0]), Double.parseDouble(p[1]));
    }

    /** {@code classifier} split into a trunk, its last Linear as the main head and this task's head drawn from {@code gen}. */
    MultiHeadModel model(Module classifier, Generator gen) {
        return MultiHeadModel.split(classifier, MAIN_HEAD, Map.of(name, groups.groupNames().size()), gen);
    }

    /** {@code d} with this task's target as its second. */
    Dataset withTarget(Dataset d, int classes) { return d == null ? null : groups.addTarget(d, classes); }

    /** The module a multi-task run's checkpoints hold: the model under "model", the loss's parameters under "loss_weights". */
    static Module checkpointed(MultiHeadModel model, MultiTaskLoss weighting) {
        Map<String, Module> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("loss_weights", weighting);
        return new ModuleDict(m);
    }

    /** The run metadata of this task (what its head predicts). */
    Map<String, Object> toJson(String weights) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("group_names", new ArrayList<>(groups.groupNames()));
        m.put("task_weights", weights);
        return m;
    }

    /** The task names, for --help. */
    static List<String> names() { return List.copyOf(TASKS.keySet()); }
}

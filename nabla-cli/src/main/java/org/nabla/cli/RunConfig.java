package org.nabla.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides a training run, with every default resolved: what {@code nabla train} prints, saves in
 * the run folder and in each checkpoint, and what {@code eval}/{@code predict} rebuild the model and data from.
 *
 * @param valSplit      fraction of the training set held out (stratified) for validation; 0 for none
 * @param earlyStopping patience in epochs on the validation loss; 0 for off
 * @param trainLimit    use a stratified subset of this many training samples; 0 for all
 * @param testLimit     evaluate on the first this many test samples; 0 for all
 * @param clipGrad      the largest global L2 norm of the gradients (clipped above it); 0 for no clipping
 * @param loss          the loss's name in {@code Losses.REGISTRY}
 * @param target        the target column of a CSV table; "" for the default
 * @param initFrom      the run or safetensors file the initial weights came from; "" for seeded fresh weights
 * @param freeze        prefixes of the parameter names kept frozen (with {@code initFrom})
 * @param bptt          a language model's chunk length (truncated BPTT; a transformer's block); 0 for other models
 * @param snapshots     cycles of a snapshot ensemble's warm-restart schedule, each saved at its end; 0 for none
 * @param transfer      the classes kept, the label budget, per-prefix learning rates and when frozen parameters thaw
 * @param auxTask       the auxiliary task of a multi-task run ({@link AuxTask}); "" for a single task
 * @param taskWeights   a multi-task run's loss weights: "w_main,w_aux" or "uncertainty"; "" for a single task
 * @param decayBiasesAndNorms whether the weight decay also pulls the 1-d parameters (biases, norm scales and shifts)
 *                      towards 0; the small image models' recipe spares them
 * @param classWeights  the cross-entropy's class weights: "w0,w1,...", "auto" (inverse class frequency of the training
 *                      split, as sklearn's "balanced") or "" for none
 */
record RunConfig(String model, String dataset, int epochs, int batchSize, String optimizer, double lr, double momentum,
                 String schedule, double weightDecay, String augment, double valSplit, int earlyStopping, long seed,
                 int threads, String normalize, int trainLimit, int testLimit, double clipGrad, String loss, String target,
                 String initFrom, List<String> freeze, int bptt, int snapshots, Transfer transfer, String auxTask, String taskWeights,
                 boolean decayBiasesAndNorms, String classWeights) {
    RunConfig {
        freeze = List.copyOf(freeze);
    }

    /** A single-task configuration. */
    RunConfig(String model, String dataset, int epochs, int batchSize, String optimizer, double lr, double momentum,
              String schedule, double weightDecay, String augment, double valSplit, int earlyStopping, long seed,
              int threads, String normalize, int trainLimit, int testLimit, double clipGrad, String loss, String target,
              String initFrom, List<String> freeze, int bptt, int snapshots, Transfer transfer) {
        this(model, dataset, epochs, batchSize, optimizer, lr, momentum, schedule, weightDecay, augment, valSplit, earlyStopping, seed, threads,
                normalize, trainLimit, testLimit, clipGrad, loss, target, initFrom, freeze, bptt, snapshots, transfer, "", "", true, "");
    }

    /** Whether this is a multi-task run (an auxiliary head beside the classes). */
    boolean multiTask() { return !auxTask.isEmpty(); }

    /**
     * The options of transfer learning (all off in {@link #NONE}).
     *
     * @param newHead       prefixes of the parameters that keep fresh weights under --init-from (a new head)
     * @param classes       the dataset's classes kept, relabelled 0..k-1 in this order; empty for all
     * @param perClass      training samples kept per class (a seeded label budget); 0 for all
     * @param lrFor         learning rates of the parameters whose names start with each prefix, in order (groups 1..)
     * @param unfreezeAfter epochs after which the frozen parameters train too; 0 for never
     */
    record Transfer(List<String> newHead, List<Integer> classes, int perClass, Map<String, Double> lrFor, int unfreezeAfter) {
        static final Transfer NONE = new Transfer(List.of(), List.of(), 0, Map.of(), 0);

        Transfer {
            newHead = List.copyOf(newHead);
            classes = List.copyOf(classes);
            lrFor = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lrFor));
        }

        /** --lr-for as written: PREFIX=RATE, in order. */
        List<String> lrForText() { return lrFor.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(); }
    }

    /** This configuration with a search trial's batch size, rate and weight decay. */
    RunConfig withTrial(int batch, double rate, double decay) {
        return new RunConfig(model, dataset, epochs, batch, optimizer, rate, momentum, schedule, decay, augment, valSplit, earlyStopping, seed,
                threads, normalize, trainLimit, testLimit, clipGrad, loss, target, initFrom, freeze, bptt, snapshots, transfer, auxTask, taskWeights, decayBiasesAndNorms, classWeights);
    }

    /**
     * This configuration trained to {@code total} epochs in all (a resumed run); a snapshot ensemble's cycles keep
     * their length, so {@code total} must be a multiple of it.
     */
    RunConfig withEpochs(int total) {
        int cycles = 0;
        if (snapshots > 0) {
            int cycle = epochs / snapshots;
            if (total % cycle != 0)
                throw new UsageError("--epochs " + total + ": the cycles of this snapshot run last " + cycle + " epochs; give a multiple of " + cycle);
            cycles = total / cycle;
        }
        return new RunConfig(model, dataset, total, batchSize, optimizer, lr, momentum, schedule, weightDecay, augment, valSplit, earlyStopping,
                seed, threads, normalize, trainLimit, testLimit, clipGrad, loss, target, initFrom, freeze, bptt, cycles, transfer, auxTask, taskWeights, decayBiasesAndNorms, classWeights);
    }

    /** This configuration on {@code n} kernel threads (the bits do not depend on them). */
    RunConfig withThreads(int n) {
        return new RunConfig(model, dataset, epochs, batchSize, optimizer, lr, momentum, schedule, weightDecay, augment, valSplit, earlyStopping,
                seed, n, normalize, trainLimit, testLimit, clipGrad, loss, target, initFrom, freeze, bptt, snapshots, transfer, auxTask, taskWeights, decayBiasesAndNorms, classWeights);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("dataset", dataset);
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        m.put("momentum", momentum);
        m.put("schedule", schedule);
        m.put("weight_decay", weightDecay);
        m.put("augment", augment);
        m.put("val_split", valSplit);
        m.put("early_stopping", earlyStopping);
        m.put("seed", Long.toString(seed)); // a JSON number is a double: 64-bit seeds travel as text
        m.put("threads", threads);
        m.put("normalize", normalize);
        m.put("train_limit", trainLimit);
        m.put("test_limit", testLimit);
        m.put("clip_grad", clipGrad);
        m.put("loss", loss);
        m.put("target", target);
        m.put("init_from", initFrom);
        m.put("freeze", freeze);
        m.put("bptt", bptt);
        m.put("snapshots", snapshots);
        m.put("new_head", transfer.newHead());
        m.put("classes", transfer.classes());
        m.put("per_class", transfer.perClass());
        m.put("lr_for", transfer.lrForText());
        m.put("unfreeze_after", transfer.unfreezeAfter());
        if (multiTask()) {
            m.put("aux_task", auxTask);
            m.put("task_weights", taskWeights);
        }
        m.put("decay_biases_and_norms", decayBiasesAndNorms);
        if (!classWeights.isEmpty()) m.put("class_weights", classWeights);
        return m;
    }

    /**
     * Reads {@link #toJson()}'s map back; {@code where} names the file in errors. Runs saved before --clip-grad
     * existed did not clip, those before --snapshots saved none; those before --loss were classifiers trained with
     * cross-entropy from fresh weights; those before the small image models' recipe decayed every parameter.
     */
    static RunConfig fromJson(Map<String, Object> m, String where) {
        return new RunConfig(text(m, "model", where), text(m, "dataset", where), (int) number(m, "epochs", where),
                (int) number(m, "batch_size", where), text(m, "optimizer", where), number(m, "lr", where), number(m, "momentum", where),
                text(m, "schedule", where), number(m, "weight_decay", where), text(m, "augment", where), number(m, "val_split", where),
                (int) number(m, "early_stopping", where), parseSeed(text(m, "seed", where), where), (int) number(m, "threads", where),
                text(m, "normalize", where), (int) number(m, "train_limit", where), (int) number(m, "test_limit", where),
                m.containsKey("clip_grad") ? number(m, "clip_grad", where) : 0, m.containsKey("loss") ? text(m, "loss", where) : "cross-entropy",
                m.containsKey("target") ? text(m, "target", where) : "", m.containsKey("init_from") ? text(m, "init_from", where) : "",
                m.get("freeze") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(),
                m.containsKey("bptt") ? (int) number(m, "bptt", where) : 0,
                m.containsKey("snapshots") ? (int) number(m, "snapshots", where) : 0, transfer(m, where),
                m.containsKey("aux_task") ? text(m, "aux_task", where) : "", m.containsKey("task_weights") ? text(m, "task_weights", where) : "",
                !(m.get("decay_biases_and_norms") instanceof Boolean b) || b, m.containsKey("class_weights") ? text(m, "class_weights", where) : "");
    }

    /** The transfer options of {@link #toJson()}'s map; runs saved before they existed used none. */
    private static Transfer transfer(Map<String, Object> m, String where) {
        List<Integer> classes = m.get("classes") instanceof List<?> l ? l.stream().map(v -> ((Number) v).intValue()).toList() : List.of();
        Map<String, Double> lrFor = new LinkedHashMap<>();
        if (m.get("lr_for") instanceof List<?> l)
            for (Object o : l) {
                String s = String.valueOf(o);
                int eq = s.lastIndexOf('=');
                if (eq < 0) throw new IllegalArgumentException(where + ": the run configuration's lr_for entry '" + s + "' is not PREFIX=RATE");
                lrFor.put(s.substring(0, eq), Double.parseDouble(s.substring(eq + 1)));
            }
        List<String> newHead = m.get("new_head") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        return new Transfer(newHead, classes, m.containsKey("per_class") ? (int) number(m, "per_class", where) : 0, lrFor,
                m.containsKey("unfreeze_after") ? (int) number(m, "unfreeze_after", where) : 0);
    }

    private static String text(Map<String, Object> m, String key, String where) {
        if (m.get(key) instanceof String s) return s;
        throw new IllegalArgumentException(where + ": the run configuration has no text '" + key + "'");
    }

    private static double number(Map<String, Object> m, String key, String where) {
        if (m.get(key) instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(where + ": the run configuration has no number '" + key + "'");
    }

    private static long parseSeed(String s, String where) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": the run configuration's seed '" + s + "' is not an integer");
        }
    }
}

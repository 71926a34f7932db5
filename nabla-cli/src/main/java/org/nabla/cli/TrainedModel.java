package org.nabla.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nabla.data.Normalizer;
import org.nabla.io.Checkpoint;
import org.nabla.models.Models;
import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Fusion;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.Generator;
import org.nabla.train.Trainer;

/**
 * A model trained by {@code nabla train}, rebuilt from a checkpoint and the run metadata saved in it: any registered
 * model. A regressor has no class names ({@code classes} is then its output count).
 */
record TrainedModel(Path checkpoint, RunConfig config, Module model, int[] sampleShape, int classes, List<String> classNames,
                    Normalizer normalizer, String task, String vocabulary) {
    /** The task of a classifier's or regressor's run (runs written before tasks were recorded are such runs). */
    static final String SUPERVISED = "supervised", LANGUAGE_MODEL = "language-model", SEQ2SEQ = "seq2seq";

    /** Refuses a run of another task than {@code expected}, naming the command that fits it. */
    TrainedModel require(String expected, String command) {
        if (task.equals(expected)) return this;
        String fits = switch (task) {
            case LANGUAGE_MODEL -> "it is a language model's run: 'nabla generate " + checkpoint + "' continues text with it";
            case SUPERVISED -> "it is a classifier's or regressor's run: use 'nabla eval' or 'nabla predict'";
            case SEQ2SEQ -> "it is a sequence-to-sequence run (a translator, not a language model): its held-out exact match is in summary.json";
            default -> "it is a " + task + " run";
        };
        throw new IllegalArgumentException(checkpoint + ": '" + command + "' does not apply: " + fits);
    }


    /**
     * Loads {@code path}: a checkpoint folder, or a run folder's final model (checkpoint/last, or checkpoint/best when
     * early stopping restored the best weights). {@code modelName}
     * overrides the saved model name (a checkpoint of another model is refused with the keys or shapes that differ).
     */
    static TrainedModel load(Path path, String modelName) {
        Path dir = checkpointDir(path);
        Checkpoint c = Checkpoint.load(dir);
        Path best = dir.resolveSibling("best");
        if (!dir.equals(path) && dir.endsWith("last") && restoredBest(c) && Files.exists(best.resolve(Checkpoint.INDEX))) {
            dir = best;
            c = Checkpoint.load(dir);
        }
        String where = dir.resolve(Checkpoint.INDEX).toString();
        if (!(c.config().get(Trainer.METADATA) instanceof Map<?, ?> meta))
            throw new IllegalArgumentException(where + ": no run metadata (this checkpoint was not written by 'nabla train')");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) meta;
        if (!(m.get("config") instanceof Map<?, ?> configJson) || !(m.get("sample_shape") instanceof List<?> shape)
                || !(m.get("classes") instanceof Number classes) || !(m.get("class_names") instanceof List<?> names))
            throw new IllegalArgumentException(where + ": incomplete run metadata (needs config, sample_shape, classes, class_names)");
        @SuppressWarnings("unchecked")
        RunConfig config = RunConfig.fromJson((Map<String, Object>) configJson, where);
        int[] sampleShape = RunData.toInts(shape);
        String name = modelName != null ? modelName : config.model();
        Module model = Models.create(name, sampleShape, classes.intValue(), new Generator(0));
        if (config.multiTask()) { // the checkpoint holds the multi-head model and the loss weights; call(x) is the main head
            org.nabla.models.MultiHeadModel heads = AuxTask.named(config.auxTask()).model(model, new Generator(0));
            c.restore(AuxTask.checkpointed(heads, AuxTask.weighting(config.taskWeights())), null, null);
            model = heads;
        } else {
            c.restore(model, null, null);
        }
        model.eval();
        String task = m.get("task") instanceof String t ? t : SUPERVISED;
        return new TrainedModel(dir, config, model, sampleShape, classes.intValue(), names.stream().map(String::valueOf).toList(),
                RunData.normalizerFromJson(m.get("normalizer"), where), task, m.get("vocabulary") instanceof String v ? v : "");
    }

    /**
     * This model with each batch norm folded into the convolution before it ({@link Fusion#fuseConvBn(Module, Tensor)}:
     * the same outputs in eval mode, one pass over the activations fewer); what eval, predict and ensemble run.
     */
    TrainedModel fusedForInference() {
        if (model.namedModules().values().stream().noneMatch(m -> m instanceof BatchNorm2d)) return this;
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = 1;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        Fusion.fuseConvBn(model, Tensor.zeros(shape));
        return this;
    }

    /** Whether the run ended with its best weights restored (early stopping), so its final model is checkpoint/best. */
    private static boolean restoredBest(Checkpoint c) {
        return c.config().get(Trainer.METADATA) instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> config
                && config.get("early_stopping") instanceof Number n && n.intValue() > 0;
    }

    /** The checkpoint folder of {@code path}: itself, or a run folder's checkpoint/last (else best). */
    static Path checkpointDir(Path path) {
        if (!Files.exists(path)) throw new IllegalArgumentException(path + ": no such file or folder");
        if (Files.exists(path.resolve(Checkpoint.INDEX))) return path;
        for (String sub : List.of("last", "best")) {
            Path candidate = path.resolve("checkpoint").resolve(sub);
            if (Files.exists(candidate.resolve(Checkpoint.INDEX))) return candidate;
        }
        throw new IllegalArgumentException(path + ": neither a checkpoint (no " + Checkpoint.INDEX + ") nor a run folder (no checkpoint/last or checkpoint/best)");
    }
}

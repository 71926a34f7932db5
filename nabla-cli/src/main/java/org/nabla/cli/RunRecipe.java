package org.nabla.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.data.DataLoader;
import org.nabla.data.Dataset;
import org.nabla.data.Normalizer;
import org.nabla.io.Checkpoint;
import org.nabla.io.Json;
import org.nabla.nn.Module;
import org.nabla.nn.loss.Loss;
import org.nabla.nn.loss.Losses;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Tensor;
import org.nabla.train.Trainer;
import org.nabla.train.task.ClassificationTask;
import picocli.CommandLine;

/**
 * The command line's recipe of a classifier's run, for other front ends that train the same way (the Spark module):
 * {@code nabla train}'s options resolved to a configuration (the model's recipe fills what is not given), the model,
 * optimizer and schedule built from it exactly as {@code nabla train} builds them, and a run folder that
 * {@code nabla eval} and {@code nabla predict} read. The configuration travels as JSON.
 */
public final class RunRecipe {
    private final RunConfig config;

    private RunRecipe(RunConfig config) { this.config = config; }

    /** {@code nabla train ARGS}'s configuration (e.g. "lenet5", "--dataset", "mnist"); a mistake is a one-line IllegalArgumentException. */
    public static RunRecipe resolve(String... trainArgs) {
        TrainCommand command = new TrainCommand();
        try {
            new CommandLine(command).parseArgs(trainArgs);
            return new RunRecipe(command.options().resolve());
        } catch (CommandLine.ParameterException | UsageError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    public static RunRecipe fromJson(String json) { return new RunRecipe(RunConfig.fromJson(Json.parseObject(json), "run recipe")); }

    public String toJson() { return Json.write(config.toJson()); }

    public String model() { return config.model(); }
    public String dataset() { return config.dataset(); }
    public int epochs() { return config.epochs(); }
    public int batchSize() { return config.batchSize(); }
    public long seed() { return config.seed(); }
    public int threads() { return config.threads(); }
    /** standardize, scale or none. */
    public String normalize() { return config.normalize(); }

    /** The run's model with its seeded initial weights (the same on every call). */
    public Module newModel(int outputs, int[] sampleShape) { return Training.model(config, outputs, sampleShape); }

    /**
     * A classifier's trainer as {@code nabla train} builds it: the optimizer (biases and norms spared from weight decay),
     * the loss, the schedule over {@code totalSteps} and gradient clipping, with {@code metadata} saved in its checkpoints.
     */
    public Trainer.Builder trainer(Module model, DataLoader train, int totalSteps, Map<String, Object> metadata) {
        Optimizer opt = Training.optimizer(config, model);
        Loss loss = Losses.REGISTRY.get(config.loss().isEmpty() ? "cross-entropy" : config.loss()).make().get();
        Trainer.Builder b = Trainer.builder(new ClassificationTask(model, opt, loss)).train(train).name(config.model()).metadata(metadata);
        Training.scheduleAndClip(b, config, opt, totalSteps);
        return b;
    }

    /** What {@code nabla eval}/{@code predict} need to rebuild the model: saved in the checkpoints and as config.json. */
    public Map<String, Object> metadata(int[] sampleShape, int classes, List<String> classNames, Normalizer normalizer) {
        return Training.metadata(config, sampleShape, classes, classNames, normalizer);
    }

    /** Writes a run folder ({@code out}, or runs/NAME-date-time): config.json, checkpoint/last and metrics.csv; returns it. */
    public Path writeRun(Path out, String name, Map<String, Object> metadata, Checkpoint last, List<Map<String, Double>> history) {
        RunFolder folder = RunFolder.create(out, name);
        folder.writeJson(RunFolder.CONFIG, metadata);
        last.save(folder.checkpoints().resolve("last"));
        StringBuilder csv = new StringBuilder();
        if (!history.isEmpty()) {
            csv.append(String.join(",", history.getFirst().keySet())).append('\n');
            for (Map<String, Double> h : history) csv.append(String.join(",", h.values().stream().map(String::valueOf).toList())).append('\n');
        }
        try {
            java.nio.file.Files.writeString(folder.metricsCsv(), csv);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return folder.dir();
    }

    /** Writes summary.json into {@code run}, last: it marks the run completed. */
    public void writeSummary(Path run, Map<String, Object> summary) {
        Map<String, Object> s = new LinkedHashMap<>(summary);
        s.put("config", config.toJson());
        new RunFolder(run).writeJson(RunFolder.SUMMARY, s);
    }

    /** A trained classifier as {@code nabla predict} uses it. */
    public record Classifier(Module model, int[] sampleShape, List<String> classNames, Normalizer normalizer) {
        /**
         * The class probabilities [n, classes] of {@code n} samples of raw features (before normalisation), computed as
         * {@code nabla predict} does: normalised, one forward pass in eval mode, softmax.
         */
        public Tensor probabilities(float[] raw, int n) {
            int len = raw.length / Math.max(1, n);
            Dataset batch = org.nabla.data.ArrayDataset.ofFloats("batch", raw, new long[n], sampleShape);
            if (normalizer != null) batch = normalizer.apply(batch);
            float[] x = new float[raw.length];
            for (int i = 0; i < n; i++) batch.copyFeatures(i, x, i * len);
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = n;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            try (var g = org.nabla.autograd.GradMode.noGrad()) {
                return model.call(Tensor.of(x, shape)).softmax(1);
            }
        }
    }

    /** The checkpoint folder of a run folder (checkpoint/last, else best) or of a checkpoint itself. */
    public static Path checkpointDir(Path run) { return TrainedModel.checkpointDir(run); }

    /** The classifier of a run folder or checkpoint written by {@code nabla train} or {@link #writeRun}. */
    public static Classifier classifier(Path run) {
        TrainedModel t = TrainedModel.load(run, null).require(TrainedModel.SUPERVISED, "predict");
        return new Classifier(t.model(), t.sampleShape(), t.classNames(), t.normalizer());
    }
}

package org.nabla.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nabla.data.DataLoader;
import org.nabla.data.Dataset;
import org.nabla.data.augment.Augment;
import org.nabla.data.augment.GeometricAugment;
import org.nabla.ensemble.Snapshots;
import org.nabla.io.Checkpoint;
import org.nabla.io.SafeTensors;
import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.StateDictLoad;
import org.nabla.nn.loss.Loss;
import org.nabla.nn.loss.Losses;
import org.nabla.optim.Optimizer;
import org.nabla.optim.Optimizers;
import org.nabla.optim.ParamGroup;
import org.nabla.optim.ParamGroups;
import org.nabla.optim.schedule.Schedules;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import org.nabla.tensor.Tensor;
import org.nabla.train.EarlyStopping;
import org.nabla.train.ModelCheckpoint;
import org.nabla.train.Monitor;
import org.nabla.train.Progress;
import org.nabla.train.Task;
import org.nabla.train.Trainer;
import org.nabla.train.Unfreeze;
import org.nabla.train.gradient.ClipGradNorm;
import org.nabla.models.MultiHeadModel;
import org.nabla.nn.loss.MultiTaskLoss;
import org.nabla.train.Evaluation;
import org.nabla.train.task.ClassificationTask;
import org.nabla.train.task.MultiTask;
import org.nabla.train.task.RegressionTask;
import org.nabla.train.task.SegmentationTask;

/** One training run of a {@link RunConfig}: the model, optimizer, schedule and callbacks, then the test metrics. */
final class Training {
    /** Passes of background batch building ahead of the trainer. */
    private static final int PREFETCH = 2;

    /**
     * What a run produced.
     *
     * @param history     the epoch logs
     * @param samplesPerS training samples per second over all epochs (augmentation included, evaluation excluded)
     * @param seconds     wall time of the whole run, data loading and test evaluation included
     */
    record Result(RunConfig config, Module model, Report test, Report validation, List<Map<String, Double>> history,
                  double samplesPerS, double seconds, PeakMemory.Reading memory, int bestEpoch, Map<String, Double> testHeads) {}

    private Training() {}

    /**
     * Trains {@code c} on {@code data}. With a {@code folder}, writes the metric log and the checkpoints there; with
     * {@code progress}, reports each epoch on it. The validation report is null without a validation split.
     */
    static Result run(RunConfig c, RunData data, RunFolder folder, PrintWriter progress) {
        return run(c, data, model(c, data), null, folder, progress);
    }

    /**
     * The run's model, with its seeded initial weights or those of {@code --init-from}, and the parameters
     * {@code --freeze} names frozen (requiresGrad false: the optimizer skips them).
     */
    static Module model(RunConfig c, RunData data) { return model(c, data, null); }

    /** {@link #model(RunConfig, RunData)}, saying on {@code log} (when not null) which parameters kept fresh weights (a new head). */
    static Module model(RunConfig c, RunData data, PrintWriter log) { return model(c, data.outputs(), data.sampleShape(), log); }

    /** {@link #model(RunConfig, RunData)} for samples of {@code sampleShape} and {@code outputs} outputs. */
    static Module model(RunConfig c, int outputs, int[] sampleShape) { return model(c, outputs, sampleShape, null); }

    /**
     * {@link #model(RunConfig, RunData, PrintWriter)} for samples of {@code sampleShape} and {@code outputs} outputs.
     * Loaded tensors of another shape than the model's (a head sized to other classes) keep their fresh weights.
     */
    static Module model(RunConfig c, int outputs, int[] sampleShape, PrintWriter log) {
        Generator gen = new Generator(c.seed());
        Module single = Models.create(c.model(), sampleShape, outputs, gen);
        Module model = c.multiTask() ? AuxTask.named(c.auxTask()).model(single, gen) : single; // the same trunk and main head as without
        List<String> fresh = List.of();
        if (!c.initFrom().isEmpty()) {
            StateDictLoad load = loadWeights(model, c.model(), Path.of(c.initFrom()), c.transfer().newHead());
            fresh = load.fresh();
            if (log != null && !fresh.isEmpty()) {
                log.printf("--init-from %s: loaded %d tensors; kept fresh%s: %s%n", c.initFrom(), load.loaded().size(),
                        load.mismatched().isEmpty() ? "" : " (" + load.mismatched().size() + " of another shape there)",
                        String.join(", ", fresh.stream().map(k -> k + " " + shape(model, k)).toList()));
                log.flush();
            }
        }
        for (String prefix : c.freeze()) {
            List<Parameter> frozen = frozen(model, c.model(), prefix);
            List<String> unloaded = fresh.stream().filter(k -> k.startsWith(prefix)).toList();
            if (!unloaded.isEmpty())
                throw new UsageError("--freeze " + prefix + " would freeze fresh random weights: " + String.join(", ", unloaded)
                        + " did not load from --init-from (their shapes differ there)");
            frozen.forEach(p -> p.requiresGrad(false));
        }
        return model;
    }

    /** The parameters of {@code model} whose names start with {@code prefix} (--freeze): at least one, else a usage error. */
    private static List<Parameter> frozen(Module model, String modelName, String prefix) {
        List<Parameter> frozen = model.namedParameters().entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList();
        if (frozen.isEmpty())
            throw new UsageError("--freeze " + prefix + ": no parameter of " + modelName + " starts with it; its parameters: "
                    + String.join(", ", model.namedParameters().keySet()));
        return frozen;
    }

    private static String shape(Module model, String key) { return java.util.Arrays.toString(model.stateDict().get(key).shape()); }

    /**
     * Copies the weights of a run's final checkpoint, a checkpoint folder or a .safetensors file into {@code model}:
     * the same keys, those of another shape skipped (a head sized to other classes), those under a {@code newHead}
     * prefix not loaded. Nothing of the same shape, or a --new-head prefix matching no key, is an error.
     */
    private static StateDictLoad loadWeights(Module model, String modelName, Path from, List<String> newHead) {
        String where = "--init-from " + from + ": ";
        Map<String, org.nabla.tensor.Tensor> weights;
        try {
            weights = Files.isRegularFile(from) ? SafeTensors.load(from) : Checkpoint.load(TrainedModel.checkpointDir(from)).model();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage().replace(from + ": ", ""), e);
        }
        Map<String, org.nabla.tensor.Tensor> kept = new LinkedHashMap<>(weights);
        for (String prefix : newHead)
            if (!kept.keySet().removeIf(k -> k.startsWith(prefix)))
                throw new UsageError("--new-head " + prefix + ": no parameter of " + modelName + " starts with it; its parameters: "
                        + String.join(", ", model.namedParameters().keySet()));
        StateDictLoad load;
        try {
            load = model.loadStateDict(kept, false, true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        List<String> missing = load.missing().stream().filter(k -> newHead.stream().noneMatch(k::startsWith)).toList();
        if (!missing.isEmpty() || !load.unexpected().isEmpty())
            throw new IllegalArgumentException(where + "another model's weights: missing keys " + missing + ", unexpected keys " + load.unexpected());
        if (load.loaded().isEmpty()) throw new IllegalArgumentException(where + "no tensor has the shape " + modelName + " expects (weights of another model?)");
        return load;
    }

    /** The run's loss: --loss, or the task's default; a loss for the other kind of targets is a usage error. */
    static Loss loss(RunConfig c, RunData data) {
        Losses.Targets targets = data.regression() ? Losses.Targets.VALUES : Losses.Targets.CLASSES;
        String name = !c.loss().isEmpty() ? c.loss() : data.regression() ? "mse" : "cross-entropy";
        Losses.Kind kind = Losses.REGISTRY.get(name);
        if (kind.targets() != targets)
            throw new UsageError("--loss " + name + " compares outputs with " + (kind.targets() == Losses.Targets.VALUES ? "real values" : "class indices")
                    + ", but " + c.dataset() + " has " + (data.regression() ? "real-valued targets" : "classes") + "; choose one of "
                    + String.join(", ", Losses.REGISTRY.entries().stream().filter(e -> e.value().targets() == targets).map(e -> e.name()).toList()));
        if (!c.classWeights().isEmpty()) {
            if (!name.equals("cross-entropy") || data.regression())
                throw new UsageError("--class-weights weighs the cross-entropy over classes; " + c.dataset() + " with --loss " + name + " takes none");
            return new org.nabla.nn.loss.CrossEntropyLoss(classWeights(c.classWeights(), data), org.nabla.nn.functional.F.DEFAULT_IGNORE_INDEX, 0,
                    org.nabla.nn.loss.Reduction.MEAN);
        }
        return kind.make().get();
    }

    /**
     * The class weights of --class-weights: the numbers given (one per class) or, for "auto", the inverse class
     * frequency over the training split's targets (every pixel of a segmentation mask), total / (classes x count),
     * so a balanced set weighs 1 everywhere (sklearn's "balanced"); a class absent from the split weighs 1.
     */
    static Tensor classWeights(String spec, RunData data) {
        int k = data.classes();
        float[] w = new float[k];
        if (spec.equals("auto")) {
            Dataset d = data.train();
            long[] counts = new long[k], target = new long[d.targetLength()];
            long total = 0;
            for (int i = 0; i < d.size(); i++) {
                d.copyTarget(i, target, 0);
                for (long v : target)
                    if (v >= 0 && v < k) {
                        counts[(int) v]++;
                        total++;
                    }
            }
            for (int c = 0; c < k; c++) w[c] = counts[c] == 0 ? 1f : (float) (total / ((double) k * counts[c]));
            return Tensor.of(w, k);
        }
        String[] parts = spec.split(",");
        if (parts.length != k)
            throw new UsageError("--class-weights: " + parts.length + " weight" + (parts.length == 1 ? "" : "s") + " given, but the data has " + k
                    + " classes (" + String.join(", ", data.classNames()) + "); give " + k + " or auto");
        for (int c = 0; c < k; c++) w[c] = Float.parseFloat(parts[c]);
        return Tensor.of(w, k);
    }

    /**
     * Trains {@code model}, fresh from {@link #model}; with {@code resume}, first restores a checkpoint of the same
     * configuration (weights, optimizer, schedule, generators, epoch), so the run continues bit-exactly.
     */
    static Result run(RunConfig c, RunData data, Module model, Checkpoint resume, RunFolder folder, PrintWriter progress) {
        return run(c, data, model, resume, folder, progress, List.of(), null);
    }

    /**
     * {@link #run(RunConfig, RunData, Module, Checkpoint, RunFolder, PrintWriter)} with more callbacks (the training
     * doctor), training on {@code adversarial}'s examples when not null.
     */
    static Result run(RunConfig c, RunData data, Module model, Checkpoint resume, RunFolder folder, PrintWriter progress,
                      List<org.nabla.train.Callback> extra, org.nabla.adversarial.Attack adversarial) {
        return inRun(c, () -> train(c, data, model, resume, folder, progress, extra, adversarial));
    }

    /**
     * Runs {@code work} as run {@code c}: dropout draws from the process generator (the one the model's layers
     * captured), seeded here; the kernels use the run's own thread count.
     */
    static <R> R inRun(RunConfig c, java.util.concurrent.Callable<R> work) {
        Generator.manualSeed(c.seed() ^ 0x5DEECE66DL);
        try (RunContext run = RunContext.of(c.threads(), Generator.global())) {
            return run.call(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run's learning-rate schedule over its {@code steps} optimizer steps, and its gradient clipping. */
    static void scheduleAndClip(Trainer.Builder b, RunConfig c, Optimizer opt, int steps) {
        Schedules.Schedule schedule = c.snapshots() > 0 ? Schedules.restarts(opt, steps, c.snapshots())
                : Schedules.REGISTRY.get(c.schedule()).factory().create(opt, c.epochs(), steps);
        if (schedule.scheduler() != null) b.scheduler(schedule.scheduler(), schedule.perBatch());
        if (schedule.plateau() != null) b.plateau(schedule.plateau(), "val_loss");
        if (c.clipGrad() > 0) b.gradientTransform(new ClipGradNorm(c.clipGrad()));
    }

    /** Samples per second of training over the epochs of {@code history} (NaN for none: a resumed run at its end). */
    static double samplesPerS(List<Map<String, Double>> history) {
        double samples = 0, seconds = 0;
        for (Map<String, Double> h : history) {
            seconds += h.get("seconds");
            samples += h.get("samples_per_s") * h.get("seconds");
        }
        return history.isEmpty() ? Double.NaN : samples / seconds;
    }

    /** A segmentation task whose --augment flips, crops and zooms move the masks with the images (nearest-neighbour). */
    private static SegmentationTask segmentationTask(RunConfig c, RunData data, Module model, Optimizer opt, Loss loss) {
        GeometricAugment augment;
        try {
            augment = GeometricAugment.parse(c.augment(), data.sampleShape()[data.sampleShape().length - 1]);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--augment: " + e.getMessage());
        }
        return new SegmentationTask(model, opt, loss, data.classes(), augment, augment == null ? null : new Generator(c.seed() + 2));
    }

    private static Result train(RunConfig c, RunData data, Module model, Checkpoint resume, RunFolder folder, PrintWriter progress,
                                List<org.nabla.train.Callback> extra, org.nabla.adversarial.Attack adversarial) {
        long start = System.nanoTime();
        PeakMemory peak = PeakMemory.start();
        MultiTaskLoss weighting = c.multiTask() ? AuxTask.weighting(c.taskWeights()) : null;
        Optimizer opt = weighting != null ? Optimizers.create(c.optimizer(), MultiTask.parameters((MultiHeadModel) model, weighting),
                new Optimizers.Settings(c.lr(), c.momentum(), c.weightDecay())) : optimizer(c, model);
        DataLoader train = DataLoader.builder(data.train()).batchSize(c.batchSize()).shuffle(new Generator(c.seed() + 1)).prefetch(PREFETCH).build();
        int steps = steps(c, train.numBatches());

        Loss loss = loss(c, data);
        Task task = weighting != null ? new MultiTask((MultiHeadModel) model, opt, weighting)
                : data.regression() ? new RegressionTask(model, opt, loss)
                : data.segmentation() ? segmentationTask(c, data, model, opt, loss) : new ClassificationTask(model, opt, loss);
        if (adversarial != null) task = new org.nabla.adversarial.AdversarialTraining(task, new org.nabla.explain.PixelModel(model, data.normalizer()), adversarial);
        Trainer.Builder b = Trainer.builder(task).train(train).name(c.model()).metadata(metadata(c, data));
        scheduleAndClip(b, c, opt, steps);
        if (data.validation() != null) b.validation(DataLoader.builder(data.validation()).batchSize(500).build());
        // segmentation: the geometric steps move the masks too (in the task); the photometric ones touch the images alone
        String imageOnly = data.segmentation() ? GeometricAugment.photometric(c.augment()) : c.augment();
        if (!imageOnly.equals("none") && !imageOnly.isEmpty()) b.augment(Augment.parse(imageOnly), new Generator(c.seed() + (data.segmentation() ? 3 : 2)));
        if (progress != null) b.callback(Progress.auto(progress));
        String monitor = data.validation() != null ? "val_loss" : "train_loss";
        ModelCheckpoint checkpoints = folder != null ? folder.logTo(b, steps, monitor) : null;
        if (folder != null && c.snapshots() > 0) b.callback(new Snapshots(folder.snapshots(), model, c.epochs() / c.snapshots()));
        if (c.transfer().unfreezeAfter() > 0)
            b.callback(new Unfreeze(c.freeze().stream().flatMap(p -> frozen(model, c.model(), p).stream()).toList(), c.transfer().unfreezeAfter()));
        EarlyStopping early = null;
        if (c.earlyStopping() > 0) b.callback(early = new EarlyStopping("val_loss", Monitor.MIN, c.earlyStopping(), 0, true));

        extra.forEach(b::callback);
        Trainer trainer = b.build();
        if (resume != null) trainer.resume(resume);
        List<Map<String, Double>> history = trainer.fit(c.epochs());
        Report validation = data.validation() == null ? null : report(model, data.validation(), data, loss);
        Report test = report(model, data.test(), data, loss);
        Map<String, Double> testHeads = weighting == null ? Map.of() : Evaluation.of(task, DataLoader.builder(data.test()).batchSize(500).build(), task.metrics()).metrics();
        int bestEpoch = early != null && early.bestEpoch() > 0 ? early.bestEpoch() : checkpoints != null ? checkpoints.bestEpoch() : history.size();
        return new Result(c, model, test, validation, history, samplesPerS(history), (System.nanoTime() - start) * 1e-9, peak.read(),
                bestEpoch, testHeads);
    }

    /** The model's metrics on {@code split}: a classifier's report, or a regressor's with the run's loss. */
    static Report report(Module model, org.nabla.data.Dataset split, RunData data, Loss loss) {
        if (data.segmentation()) return SegmentationReport.of(model, split, data.classes(), loss);
        return data.regression() ? RegressionReport.of(model, split, loss) : EvalReport.of(model, split, data.classes());
    }

    /** Refuses, as a usage error, a run whose schedule cannot spread over its optimizer steps (before anything is written). */
    static void checkSteps(RunConfig c, RunData data) { totalSteps(c, data); }

    /** The run's optimizer steps in all. */
    static int totalSteps(RunConfig c, RunData data) { return steps(c, DataLoader.builder(data.train()).batchSize(c.batchSize()).build().numBatches()); }

    /** The run's optimizer steps, refused as a usage error when its schedule cannot spread over them. */
    private static int steps(RunConfig c, int batches) {
        long steps = (long) c.epochs() * batches;
        String run = c.epochs() + " epoch" + (c.epochs() == 1 ? "" : "s") + " of " + batches + " batch" + (batches == 1 ? "" : "es");
        if (steps > Integer.MAX_VALUE) throw new UsageError("--epochs " + c.epochs() + " makes " + steps + " optimizer steps (" + run + "), more than " + Integer.MAX_VALUE);
        int min = Schedules.REGISTRY.get(c.schedule()).minSteps();
        if (steps < min)
            throw new UsageError("--schedule " + c.schedule() + " needs at least " + min + " optimizer steps, this run has " + steps + " (" + run
                    + "): raise --epochs, lower --batch-size or choose another --schedule");
        return (int) steps;
    }

    /**
     * The run's optimizer over every parameter, frozen ones included (skipped while they have no gradient, so
     * --unfreeze-after only has to thaw them): one group at --lr, then one per --lr-for prefix at its rate. Without
     * --lr-for, unless the run decays biases and norms too, the 1-d parameters (biases, norm scales and shifts) form a
     * second group without weight decay.
     */
    static Optimizer optimizer(RunConfig c, Module model) {
        Optimizers.Settings settings = new Optimizers.Settings(c.lr(), c.momentum(), c.weightDecay());
        if (c.transfer().lrFor().isEmpty()) {
            List<Parameter> params = model.parameters();
            List<Parameter> spared = params.stream().filter(p -> p.dim() <= 1).toList();
            if (c.decayBiasesAndNorms() || c.weightDecay() == 0 || spared.isEmpty() || spared.size() == params.size())
                return Optimizers.create(c.optimizer(), params, settings);
            Optimizer opt = Optimizers.create(c.optimizer(), params.stream().filter(p -> p.dim() > 1).toList(), settings);
            opt.addParamGroup(ParamGroup.of(spared, o -> o.withWeightDecay(0)));
            return opt;
        }
        try {
            return Optimizers.create(c.optimizer(), settings, ParamGroups.byPrefix(model.namedParameters(), c.transfer().lrFor()));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--lr-for: " + e.getMessage());
        }
    }

    /** The metadata of a single-task run on samples of {@code sampleShape} (see {@link #metadata(RunConfig, RunData)}). */
    static Map<String, Object> metadata(RunConfig c, int[] sampleShape, int outputs, List<String> classNames, org.nabla.data.Normalizer normalizer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", c.toJson());
        m.put("sample_shape", java.util.Arrays.stream(sampleShape).boxed().toList());
        m.put("classes", outputs);
        m.put("class_names", classNames);
        m.put("normalizer", RunData.normalizerJson(normalizer));
        return m;
    }

    /** What {@code eval} and {@code predict} need to rebuild the model and its input pipeline; saved in every checkpoint. */
    static Map<String, Object> metadata(RunConfig c, RunData data) {
        Map<String, Object> m = metadata(c, data.sampleShape(), data.outputs(), data.classNames(), data.normalizer());
        if (c.multiTask()) m.put("aux_task", AuxTask.named(c.auxTask()).toJson(c.taskWeights()));
        if (data.segmentation()) m.put("task", TrainedModel.SEGMENTATION);
        return m;
    }
}

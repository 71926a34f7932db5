package org.nabla.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.backend.cpu.Parallel;
import org.nabla.data.DataLoader;
import org.nabla.data.augment.Augment;
import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.optim.Adadelta;
import org.nabla.optim.Adagrad;
import org.nabla.optim.Adam;
import org.nabla.optim.AdamW;
import org.nabla.optim.Optimizer;
import org.nabla.optim.RMSprop;
import org.nabla.optim.SGD;
import org.nabla.optim.schedule.CosineAnnealingLR;
import org.nabla.optim.schedule.ExponentialLR;
import org.nabla.optim.schedule.OneCycleLR;
import org.nabla.optim.schedule.ReduceLROnPlateau;
import org.nabla.optim.schedule.StepLR;
import org.nabla.tensor.Generator;
import org.nabla.train.EarlyStopping;
import org.nabla.train.MetricLog;
import org.nabla.train.ModelCheckpoint;
import org.nabla.train.Monitor;
import org.nabla.train.Progress;
import org.nabla.train.StepLog;
import org.nabla.train.Trainer;
import org.nabla.train.gradient.ClipGradNorm;

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
    record Result(RunConfig config, Sequential model, EvalReport test, EvalReport validation, List<Map<String, Double>> history,
                  double samplesPerS, double seconds, PeakMemory.Reading memory, int bestEpoch) {}

    private Training() {}

    /**
     * Trains {@code c} on {@code data}. With a {@code folder}, writes the metric log and the checkpoints there; with
     * {@code progress}, reports each epoch on it. The validation report is null without a validation split.
     */
    static Result run(RunConfig c, RunData data, RunFolder folder, PrintWriter progress) {
        return run(c, data, model(c, data), folder, progress);
    }

    /** The run's model, with its seeded initial weights. */
    static Sequential model(RunConfig c, RunData data) {
        return Models.create(c.model(), data.sampleShape(), data.classes(), new Generator(c.seed()));
    }

    /** Trains {@code model}, fresh from {@link #model}. */
    static Result run(RunConfig c, RunData data, Sequential model, RunFolder folder, PrintWriter progress) {
        long start = System.nanoTime();
        PeakMemory peak = PeakMemory.start();
        Parallel.setThreads(c.threads());
        Generator.manualSeed(c.seed() ^ 0x5DEECE66DL); // dropout draws from the global generator
        Optimizer opt = optimizer(c, model);
        DataLoader train = DataLoader.builder(data.train()).batchSize(c.batchSize()).shuffle(new Generator(c.seed() + 1)).prefetch(PREFETCH).build();
        int steps = steps(c, train.numBatches());

        Trainer.Builder b = Trainer.builder(model, opt).train(train).name(c.model()).metadata(metadata(c, data));
        switch (c.schedule()) {
            case "onecycle" -> b.scheduler(new OneCycleLR(opt, OneCycleLR.options(c.lr()).totalSteps(steps).cycleMomentum(cyclesMomentum(c))), true);
            case "cosine" -> b.scheduler(new CosineAnnealingLR(opt, steps), true);
            case "step" -> b.scheduler(new StepLR(opt, Math.max(1, c.epochs() / 3), 0.1), false);
            case "exponential" -> b.scheduler(new ExponentialLR(opt, 0.9), false);
            case "plateau" -> b.plateau(new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().factor(0.1).patience(2)), "val_loss");
            case "none" -> { }
            default -> throw new IllegalArgumentException("unknown schedule " + c.schedule());
        }
        if (data.validation() != null) b.validation(DataLoader.builder(data.validation()).batchSize(500).build());
        if (!c.augment().equals("none") && !c.augment().isEmpty()) b.augment(Augment.parse(c.augment()), new Generator(c.seed() + 2));
        if (c.clipGrad() > 0) b.gradientTransform(new ClipGradNorm(c.clipGrad()));
        if (progress != null) b.callback(Progress.auto(progress));
        String monitor = data.validation() != null ? "val_loss" : "train_loss";
        ModelCheckpoint checkpoints = null;
        if (folder != null) {
            b.callback(new MetricLog(folder.metricsCsv(), folder.metricsJsonl()));
            b.callback(new StepLog(folder.stepsCsv(), RunFolder.stepsPerRow(steps)));
            b.callback(checkpoints = new ModelCheckpoint(folder.checkpoints(), monitor, Monitor.MIN));
        }
        EarlyStopping early = null;
        if (c.earlyStopping() > 0) b.callback(early = new EarlyStopping("val_loss", Monitor.MIN, c.earlyStopping(), 0, true));

        Trainer trainer = b.build();
        List<Map<String, Double>> history = trainer.fit(c.epochs());
        double trainSamples = 0, trainSeconds = 0;
        for (Map<String, Double> h : history) {
            trainSeconds += h.get("seconds");
            trainSamples += h.get("samples_per_s") * h.get("seconds");
        }
        EvalReport validation = data.validation() == null ? null : EvalReport.of(model, data.validation(), data.classes());
        EvalReport test = EvalReport.of(model, data.test(), data.classes());
        int bestEpoch = early != null && early.bestEpoch() > 0 ? early.bestEpoch() : checkpoints != null ? checkpoints.bestEpoch() : history.size();
        return new Result(c, model, test, validation, history, trainSamples / trainSeconds, (System.nanoTime() - start) * 1e-9, peak.read(),
                bestEpoch);
    }

    /** Refuses, as a usage error, a run whose schedule cannot spread over its optimizer steps (before anything is written). */
    static void checkSteps(RunConfig c, RunData data) { steps(c, DataLoader.builder(data.train()).batchSize(c.batchSize()).build().numBatches()); }

    /** The run's optimizer steps, refused as a usage error when its schedule cannot spread over them. */
    private static int steps(RunConfig c, int batches) {
        long steps = (long) c.epochs() * batches;
        String run = c.epochs() + " epoch" + (c.epochs() == 1 ? "" : "s") + " of " + batches + " batch" + (batches == 1 ? "" : "es");
        if (steps > Integer.MAX_VALUE) throw new UsageError("--epochs " + c.epochs() + " makes " + steps + " optimizer steps (" + run + "), more than " + Integer.MAX_VALUE);
        int min = OneCycleLR.minTotalSteps(OneCycleLR.DEFAULT_PCT_START);
        if (c.schedule().equals("onecycle") && steps < min)
            throw new UsageError("--schedule onecycle needs at least " + min + " optimizer steps, this run has " + steps + " (" + run
                    + "): raise --epochs, lower --batch-size or choose another --schedule");
        return (int) steps;
    }

    /** Cycling momentum (0.85..0.95) is OneCycleLR's default for optimizers that have one: sgd with momentum, adam's beta1. */
    private static boolean cyclesMomentum(RunConfig c) {
        return c.optimizer().equals("sgd") ? c.momentum() > 0 : c.optimizer().startsWith("adam");
    }

    static Optimizer optimizer(RunConfig c, Module model) {
        double lr = c.lr(), wd = c.weightDecay();
        return switch (c.optimizer()) {
            case "sgd" -> new SGD(model.parameters(), SGD.options().lr(lr).momentum(c.momentum()).weightDecay(wd));
            case "adam" -> new Adam(model.parameters(), Adam.options().lr(lr).weightDecay(wd));
            case "adamw" -> new AdamW(model.parameters(), AdamW.options().lr(lr).weightDecay(wd));
            case "rmsprop" -> new RMSprop(model.parameters(), RMSprop.options().lr(lr).momentum(c.momentum()).weightDecay(wd));
            case "adagrad" -> new Adagrad(model.parameters(), Adagrad.options().lr(lr).weightDecay(wd));
            case "adadelta" -> new Adadelta(model.parameters(), Adadelta.options().lr(lr).weightDecay(wd));
            default -> throw new IllegalArgumentException("unknown optimizer " + c.optimizer());
        };
    }

    /** What {@code eval} and {@code predict} need to rebuild the model and its input pipeline; saved in every checkpoint. */
    static Map<String, Object> metadata(RunConfig c, RunData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", c.toJson());
        m.put("sample_shape", java.util.Arrays.stream(data.sampleShape()).boxed().toList());
        m.put("classes", data.classes());
        m.put("class_names", data.classNames());
        m.put("normalizer", RunData.normalizerJson(data.normalizer()));
        return m;
    }
}

package org.nabla.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.nabla.autograd.GradMode;
import org.nabla.data.Batch;
import org.nabla.data.DataLoader;
import org.nabla.data.augment.Augmentation;
import org.nabla.io.Checkpoint;
import org.nabla.metrics.Metric;
import org.nabla.nn.Module;
import org.nabla.nn.loss.Loss;
import org.nabla.optim.Optimizer;
import org.nabla.optim.schedule.LRScheduler;
import org.nabla.optim.schedule.ReduceLROnPlateau;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.gradient.GradientAllReduce;
import org.nabla.train.gradient.GradientChain;
import org.nabla.train.gradient.GradientTransform;
import org.nabla.train.gradient.LocalAllReduce;
import org.nabla.train.gradient.NonFiniteGuard;
import org.nabla.train.task.ClassificationTask;
import org.nabla.train.task.SupervisedTask;

/**
 * The training loop around a {@link Task}: {@link #fit} runs epochs of the task's steps over the training loader
 * (augmenting its batches when asked) or, for a task that makes its own data, a fixed number of steps per epoch;
 * evaluates the validation loader after each epoch; steps the schedules; and calls the {@link Callback}s.
 * {@code builder(model, optimizer)} trains a classifier ({@link ClassificationTask}), as before tasks existed.
 *
 * <p>Epoch logs hold {@code epoch, train_loss}, {@code train_<metric>} for each of the task's metrics (a
 * classifier: {@code train_accuracy}), {@code val_loss} and {@code val_<metric>} (only with a validation loader),
 * {@code lr} (the first optimizer's first group's rate during the epoch), {@code samples_per_s} and
 * {@code seconds}; {@link #logColumns()} lists them. Losses are means over samples (for a loss with sum reduction,
 * its sum divided by the samples; per token for a sequence task).
 *
 * <p>Between each backward and optimizer step, the task runs the trainer's {@link #gradients() gradient chain}:
 * the all-reduce slot ({@link LocalAllReduce} unless {@link Builder#allReduce} sets one), the
 * {@link NonFiniteGuard} and whatever was added ({@link Builder#gradientTransform}, or by a callback at
 * {@code onTrainBegin}). A NaN or infinite loss or gradient stops the run with a {@link NonFiniteException} naming
 * the epoch, the batch, the step and the layer, before the optimizer step, so the weights are those of the last
 * good step.
 *
 * <p>{@link #checkpoint()} captures everything that decides the rest of the run (weights, optimizers, scheduler,
 * epoch and step, a ReduceLROnPlateau, the loader's shuffling generator, the augmentation generator and the global
 * generator that dropout draws from); {@link #resume} on fresh objects built the same way continues bit-identically.
 */
public final class Trainer {
    /** The checkpoint config key of the {@link Builder#metadata} map. */
    public static final String METADATA = "metadata";
    private final Task task;
    private final TaskState state;
    private final Module model;
    private final Optimizer optimizer;
    private final LRScheduler scheduler;
    private final boolean schedulePerBatch;
    private final ReduceLROnPlateau plateau;
    private final String plateauMetric;
    private final DataLoader train, validation;
    private final int stepsPerEpoch;
    private final Augmentation augmentation;
    private final Generator augmentGenerator;
    private final GradientChain gradients;
    private final List<Callback> callbacks;
    private final List<String> metricNames;
    private final String name;
    private final Map<String, Object> metadata;
    private final List<Map<String, Double>> history = new ArrayList<>();
    private int epoch;
    private long step;
    private boolean stop;

    private Trainer(Builder b, Task task) {
        this.task = task;
        state = new TaskState(task);
        model = state.model();
        optimizer = state.firstOptimizer();
        scheduler = b.scheduler;
        schedulePerBatch = b.perBatch;
        plateau = b.plateau;
        plateauMetric = b.plateauMetric;
        train = b.train;
        stepsPerEpoch = b.stepsPerEpoch;
        validation = b.validation;
        augmentation = b.augmentation;
        augmentGenerator = b.augmentGenerator;
        gradients = new GradientChain(b.allReduce, new NonFiniteGuard());
        for (GradientTransform t : b.transforms) gradients.add(t);
        callbacks = List.copyOf(b.callbacks);
        metricNames = task.metrics().stream().map(Metric::name).toList();
        name = b.name != null ? b.name : model.name();
        metadata = b.metadata;
    }

    /** A trainer of a classifier: {@link ClassificationTask} with cross-entropy unless {@link Builder#loss} sets another. */
    public static Builder builder(Module model, Optimizer optimizer) {
        if (model == null || optimizer == null) throw new IllegalArgumentException("Trainer: model and optimizer are required");
        return new Builder(null, model, optimizer);
    }

    /** A trainer of any task. */
    public static Builder builder(Task task) {
        if (task == null) throw new IllegalArgumentException("Trainer: a task is required");
        return new Builder(task, null, null);
    }

    public static final class Builder {
        private final Task task;
        private final Module model;
        private final Optimizer optimizer;
        private Loss loss;
        private LRScheduler scheduler;
        private boolean perBatch;
        private ReduceLROnPlateau plateau;
        private String plateauMetric;
        private DataLoader train, validation;
        private int stepsPerEpoch;
        private Augmentation augmentation;
        private Generator augmentGenerator;
        private GradientAllReduce allReduce = new LocalAllReduce();
        private final List<GradientTransform> transforms = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private String name;
        private Map<String, Object> metadata;

        private Builder(Task task, Module model, Optimizer optimizer) {
            this.task = task;
            this.model = model;
            this.optimizer = optimizer;
        }

        /** The classifier's loss (default cross-entropy); it must reduce to a scalar (mean or sum). A task brings its own. */
        public Builder loss(Loss l) {
            if (task != null) throw new IllegalArgumentException("Trainer: the task " + task.getClass().getSimpleName() + " has its own loss; set it on the task");
            SupervisedTask.checkReduces(l);
            loss = l;
            return this;
        }

        /** Steps {@code s} once per epoch ({@code perBatch} false) or after every optimizer step. */
        public Builder scheduler(LRScheduler s, boolean perBatch) { scheduler = s; this.perBatch = perBatch; return this; }

        /** Steps {@code p} after every epoch with the epoch's {@code metric} (e.g. "val_loss"). */
        public Builder plateau(ReduceLROnPlateau p, String metric) { plateau = p; plateauMetric = metric; return this; }

        public Builder train(DataLoader loader) { train = loader; return this; }

        /** Runs {@code n} steps per epoch on {@link Batch#EMPTY}, for a task that makes its own data (instead of {@link #train}). */
        public Builder stepsPerEpoch(int n) {
            if (n < 1) throw new IllegalArgumentException("Trainer: steps per epoch must be at least 1, got " + n);
            stepsPerEpoch = n;
            return this;
        }

        public Builder validation(DataLoader loader) { validation = loader; return this; }

        /** Augments the first input of every training batch ([N, C, H, W] features) with {@code a}, drawing from {@code gen}. */
        public Builder augment(Augmentation a, Generator gen) {
            if ((a == null) != (gen == null)) throw new IllegalArgumentException("Trainer: an augmentation needs its generator");
            augmentation = a;
            augmentGenerator = gen;
            return this;
        }

        /** Appends {@code t} to the gradient chain (after the all-reduce slot, the non-finite guard and earlier ones). */
        public Builder gradientTransform(GradientTransform t) {
            if (t == null) throw new IllegalArgumentException("Trainer: a gradient transform must not be null");
            transforms.add(t);
            return this;
        }

        /** The all-reduce of data-parallel training, first in the gradient chain (default {@link LocalAllReduce}). */
        public Builder allReduce(GradientAllReduce r) {
            if (r == null) throw new IllegalArgumentException("Trainer: the all-reduce must not be null (LocalAllReduce for one worker)");
            allReduce = r;
            return this;
        }

        public Builder callback(Callback c) { callbacks.add(c); return this; }

        /** The model's name in checkpoints (default the module's class name). */
        public Builder name(String n) { name = n; return this; }

        /** JSON-ready values saved under "metadata" in every checkpoint's config (e.g. how to rebuild the model). */
        public Builder metadata(Map<String, Object> m) { metadata = m == null ? null : new LinkedHashMap<>(m); return this; }

        public Trainer build() {
            if ((train == null) == (stepsPerEpoch == 0))
                throw new IllegalArgumentException("Trainer: give either a training DataLoader or steps per epoch" + (train == null ? "" : ", not both"));
            return new Trainer(this, task != null ? task : new ClassificationTask(model, optimizer, loss));
        }
    }

    public Task task() { return task; }

    /** The task's model, or one module holding its models as children when it has several. */
    public Module model() { return model; }

    /** The task's first optimizer (null without one). */
    public Optimizer optimizer() { return optimizer; }
    public LRScheduler scheduler() { return scheduler; }
    public String name() { return name; }

    /** The gradient chain the task runs between backward and each optimizer step; callbacks may extend it. */
    public GradientChain gradients() { return gradients; }

    /** Completed epochs. */
    public int epoch() { return epoch; }

    /** Steps taken ({@link Task#trainStep} calls; optimizer steps for the supervised tasks). */
    public long step() { return step; }

    /** The logs of every epoch this trainer ran, in order. */
    public List<Map<String, Double>> history() { return Collections.unmodifiableList(history); }

    /** The task's metric names, in order. */
    public List<String> metricNames() { return metricNames; }

    /** The epoch log keys in order, validation ones included (see the class comment). */
    public List<String> logColumns() {
        List<String> c = new ArrayList<>(List.of("epoch", "train_loss"));
        for (String m : metricNames) c.add("train_" + m);
        c.add("val_loss");
        for (String m : metricNames) c.add("val_" + m);
        c.addAll(List.of("lr", "samples_per_s", "seconds"));
        return c;
    }

    /** Stops {@link #fit} after the current epoch. */
    public void stopTraining() { stop = true; }

    // ------------------------------------------------------------ fit

    /**
     * Trains until {@code epochs} epochs are complete in all (Keras' {@code epochs} with the resumed epoch as
     * {@code initial_epoch}): a fresh trainer runs {@code epochs} epochs, one resumed after epoch 1 runs
     * {@code epochs - 1}. Returns the logs of the epochs run.
     */
    public List<Map<String, Double>> fit(int epochs) {
        stop = false;
        int first = history.size();
        TrainContext ctx = new TrainContext(this);
        ctx.batches = batchesPerEpoch();
        ctx.epoch = epoch;
        for (Callback c : callbacks) c.onTrainBegin(ctx);
        while (epoch < epochs && !stop) {
            ctx.epoch = epoch + 1;
            ctx.batch = 0;
            ctx.logs.clear();
            for (Callback c : callbacks) c.onEpochBegin(ctx);
            Map<String, Double> logs = runEpoch(ctx);
            epoch++;
            history.add(logs);
            ctx.logs.clear();
            ctx.logs.putAll(logs);
            for (Callback c : callbacks) c.onEpochEnd(ctx);
        }
        for (Callback c : callbacks) c.onTrainEnd(ctx);
        return List.copyOf(history.subList(first, history.size()));
    }

    private int batchesPerEpoch() { return train != null ? train.numBatches() : stepsPerEpoch; }

    private Map<String, Double> runEpoch(TrainContext ctx) {
        for (Module m : task.models().values()) m.train();
        double lr = optimizer == null ? Double.NaN : optimizer.paramGroups().get(0).lr();
        long start = System.nanoTime();
        Tally tally = new Tally(task.metrics());
        StepContext stepContext = new StepContext(gradients);
        try (Steps batches = steps()) {
            ctx.batches = batchesPerEpoch(); // a weighted sampler's count is known once the epoch has drawn
            while (batches.hasNext()) {
                Batch b = batches.next();
                ctx.batch++;
                if (augmentation != null) b = b.withX(augmentation.apply(b.x(), augmentGenerator));
                stepContext.begin(ctx.epoch, ctx.batch, step + 1);
                double stepLr = optimizer == null ? Double.NaN : optimizer.paramGroups().get(0).lr();
                StepResult r = task.trainStep(b, stepContext);
                step++;
                if (scheduler != null && schedulePerBatch) scheduler.step();
                tally.add(r);
                ctx.logs.clear();
                ctx.logs.put("loss", tally.loss());
                ctx.logs.putAll(tally.metrics(""));
                ctx.logs.put("samples", (double) tally.samples());
                ctx.logs.put("seconds", (System.nanoTime() - start) * 1e-9);
                ctx.logs.put("step_loss", r.lossWeight() == 0 ? Double.NaN : r.lossSum() / r.lossWeight());
                ctx.logs.put("step_lr", stepLr);
                ctx.logs.putAll(stepContext.logs());
                for (Callback c : callbacks) c.onBatchEnd(ctx);
            }
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("epoch", (double) ctx.epoch);
        logs.put("train_loss", tally.loss());
        logs.putAll(tally.metrics("train_"));
        if (validation != null) {
            Evaluation e = evaluate(validation);
            logs.put("val_loss", e.loss());
            e.metrics().forEach((k, v) -> logs.put("val_" + k, v));
        }
        logs.put("lr", lr);
        logs.put("samples_per_s", tally.samples() / seconds);
        logs.put("seconds", seconds);
        if (scheduler != null && !schedulePerBatch) scheduler.step();
        if (plateau != null) {
            Double v = logs.get(plateauMetric);
            if (v == null) throw new IllegalArgumentException("Trainer: ReduceLROnPlateau monitors '" + plateauMetric + "', not in the epoch logs " + logs.keySet());
            plateau.step(v);
        }
        return logs;
    }

    /** One epoch's batches: the loader's, or {@link Batch#EMPTY} {@code stepsPerEpoch} times. */
    private interface Steps extends Iterator<Batch>, AutoCloseable {
        @Override void close();
    }

    private Steps steps() {
        if (train != null) {
            DataLoader.Epoch e = train.iterator();
            return new Steps() {
                public boolean hasNext() { return e.hasNext(); }
                public Batch next() { return e.next(); }
                public void close() { e.close(); }
            };
        }
        return new Steps() {
            private int left = stepsPerEpoch;
            public boolean hasNext() { return left > 0; }
            public Batch next() {
                if (left-- <= 0) throw new NoSuchElementException();
                return Batch.EMPTY;
            }
            public void close() {}
        };
    }

    // ------------------------------------------------------------ evaluate / predict

    /** The task's mean loss and metrics over a loader's samples (see {@link Evaluation}). */
    public Evaluation evaluate(DataLoader loader) { return Evaluation.of(task, loader, task.metrics()); }

    /** The model's outputs for a batch of inputs, in eval mode without gradients (a task with one model). */
    public Tensor predict(Tensor x) {
        if (task.models().size() != 1)
            throw new IllegalStateException("Trainer.predict: the task has several models " + task.models().keySet() + "; call the one you need");
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var s = GradMode.noGrad()) {
            return model.call(x).detach();
        } finally {
            model.train(wasTraining);
        }
    }

    /** The predicted class (argmax of the outputs) of every sample of {@code loader}, in the loader's order. */
    public long[] predictClasses(DataLoader loader) {
        List<long[]> parts = new ArrayList<>();
        int total = 0;
        try (DataLoader.Epoch batches = loader.iterator()) {
            while (batches.hasNext()) {
                long[] p = predict(batches.next().x()).argmax(1, false).toLongArray();
                parts.add(p);
                total += p.length;
            }
        }
        long[] out = new long[total];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    // ------------------------------------------------------------ checkpoints

    /** The complete state of the run now (see the class comment). */
    public Checkpoint checkpoint() {
        Map<String, Object> config = new LinkedHashMap<>();
        if (scheduler != null) config.put("scheduler", new LinkedHashMap<>(scheduler.stateDict()));
        if (plateau != null) config.put("plateau", new LinkedHashMap<>(plateau.stateDict()));
        if (augmentGenerator != null) config.put("augment_rng", hex(augmentGenerator.state()));
        config.put("global_rng", hex(Generator.global().state()));
        if (metadata != null) config.put(METADATA, new LinkedHashMap<>(metadata));
        return state.capture(name, epoch, step, loaderGenerator(), config);
    }

    /**
     * Restores a {@link #checkpoint()} into this trainer's objects (built like the saved run's): the models, the
     * optimizers, the scheduler, the generators (the global one too) and the epoch and step counters.
     */
    @SuppressWarnings("unchecked")
    public void resume(Checkpoint c) {
        Map<String, Object> config = c.config();
        if (scheduler != null && !(config.get("scheduler") instanceof Map))
            throw new IllegalArgumentException("Trainer.resume: the checkpoint holds no scheduler state, this trainer has a scheduler");
        if (plateau != null && !(config.get("plateau") instanceof Map))
            throw new IllegalArgumentException("Trainer.resume: the checkpoint holds no ReduceLROnPlateau state, this trainer has one");
        if (augmentGenerator != null && !(config.get("augment_rng") instanceof List))
            throw new IllegalArgumentException("Trainer.resume: the checkpoint holds no augmentation generator state");
        state.restore(c, loaderGenerator());
        if (scheduler != null) scheduler.loadStateDict(numbers((Map<String, Object>) config.get("scheduler")));
        if (plateau != null) plateau.loadStateDict(numbers((Map<String, Object>) config.get("plateau")));
        if (augmentGenerator != null) augmentGenerator.setState(unhex((List<Object>) config.get("augment_rng")));
        if (config.get("global_rng") instanceof List<?> g) Generator.global().setState(unhex((List<Object>) g));
        epoch = Math.toIntExact(c.epoch());
        step = c.step();
    }

    private Generator loaderGenerator() { return train == null ? null : train.generator(); }

    private static Map<String, Double> numbers(Map<String, Object> map) {
        Map<String, Double> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
        return out;
    }

    private static List<Object> hex(long[] words) {
        List<Object> out = new ArrayList<>();
        for (long w : words) out.add(HexFormat.of().toHexDigits(w)); // 64-bit words exceed a JSON double
        return out;
    }

    private static long[] unhex(List<Object> words) {
        long[] out = new long[words.size()];
        for (int i = 0; i < out.length; i++) out[i] = HexFormat.fromHexDigitsToLong((String) words.get(i));
        return out;
    }
}

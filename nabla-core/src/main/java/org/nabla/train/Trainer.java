package org.nabla.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.autograd.GradMode;
import org.nabla.data.DataLoader;
import org.nabla.data.augment.Augmentation;
import org.nabla.io.Checkpoint;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.Loss;
import org.nabla.nn.loss.Reduction;
import org.nabla.optim.Optimizer;
import org.nabla.optim.schedule.LRScheduler;
import org.nabla.optim.schedule.ReduceLROnPlateau;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Trains a classification model: {@link #fit} runs epochs over the training loader (augmenting its batches when
 * asked), evaluates the validation loader after each epoch and calls the {@link Callback}s.
 *
 * <p>Epoch logs hold {@code epoch, train_loss, train_accuracy, val_loss, val_accuracy} (the last two only with a
 * validation loader), {@code lr} (the first group's rate during the epoch), {@code samples_per_s} and
 * {@code seconds}. Losses are means over samples (for a loss with sum reduction, its sum divided by the samples).
 *
 * <p>After each backward the loss and every gradient are checked: a NaN or infinity stops the run with a
 * {@link NonFiniteException} naming the epoch, the batch and the parameter (or "loss"), before the optimizer
 * step, so the weights are those of the last good step.
 *
 * <p>{@link #checkpoint()} captures everything that decides the rest of the run (weights, optimizer, scheduler,
 * epoch and step, a ReduceLROnPlateau, the loader's shuffling generator, the augmentation generator and the global generator that
 * dropout draws from); {@link #resume} on fresh objects built the same way continues bit-identically.
 */
public final class Trainer {
    /** The checkpoint config key of the {@link Builder#metadata} map. */
    public static final String METADATA = "metadata";
    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final LRScheduler scheduler;
    private final boolean schedulePerBatch;
    private final ReduceLROnPlateau plateau;
    private final String plateauMetric;
    private final DataLoader train, validation;
    private final Augmentation augmentation;
    private final Generator augmentGenerator;
    private final List<Callback> callbacks;
    private final String name;
    private final Map<String, Object> metadata;
    private final List<Map<String, Double>> history = new ArrayList<>();
    private int epoch;
    private long step;
    private boolean stop;

    private Trainer(Builder b) {
        model = b.model;
        loss = b.loss != null ? b.loss : new CrossEntropyLoss();
        optimizer = b.optimizer;
        scheduler = b.scheduler;
        schedulePerBatch = b.perBatch;
        plateau = b.plateau;
        plateauMetric = b.plateauMetric;
        train = b.train;
        validation = b.validation;
        augmentation = b.augmentation;
        augmentGenerator = b.augmentGenerator;
        callbacks = List.copyOf(b.callbacks);
        name = b.name != null ? b.name : model.name();
        metadata = b.metadata;
    }

    public static Builder builder(Module model, Optimizer optimizer) { return new Builder(model, optimizer); }

    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private Loss loss;
        private LRScheduler scheduler;
        private boolean perBatch;
        private ReduceLROnPlateau plateau;
        private String plateauMetric;
        private DataLoader train, validation;
        private Augmentation augmentation;
        private Generator augmentGenerator;
        private final List<Callback> callbacks = new ArrayList<>();
        private String name;
        private Map<String, Object> metadata;

        private Builder(Module model, Optimizer optimizer) {
            if (model == null || optimizer == null) throw new IllegalArgumentException("Trainer: model and optimizer are required");
            this.model = model;
            this.optimizer = optimizer;
        }

        /** The loss (default {@link CrossEntropyLoss}); it must reduce to a scalar (mean or sum). */
        public Builder loss(Loss l) {
            if (l.reduction() == Reduction.NONE) throw new IllegalArgumentException("Trainer: the loss " + l.name() + " must reduce to a scalar, not 'none'");
            loss = l;
            return this;
        }

        /** Steps {@code s} once per epoch ({@code perBatch} false) or after every optimizer step. */
        public Builder scheduler(LRScheduler s, boolean perBatch) { scheduler = s; this.perBatch = perBatch; return this; }

        /** Steps {@code p} after every epoch with the epoch's {@code metric} (e.g. "val_loss"). */
        public Builder plateau(ReduceLROnPlateau p, String metric) { plateau = p; plateauMetric = metric; return this; }

        public Builder train(DataLoader loader) { train = loader; return this; }

        public Builder validation(DataLoader loader) { validation = loader; return this; }

        /** Augments every training batch ([N, C, H, W] features) with {@code a}, drawing from {@code gen}. */
        public Builder augment(Augmentation a, Generator gen) {
            if ((a == null) != (gen == null)) throw new IllegalArgumentException("Trainer: an augmentation needs its generator");
            augmentation = a;
            augmentGenerator = gen;
            return this;
        }

        public Builder callback(Callback c) { callbacks.add(c); return this; }

        /** The model's name in checkpoints (default the module's class name). */
        public Builder name(String n) { name = n; return this; }

        /** JSON-ready values saved under "metadata" in every checkpoint's config (e.g. how to rebuild the model). */
        public Builder metadata(Map<String, Object> m) { metadata = m == null ? null : new LinkedHashMap<>(m); return this; }

        public Trainer build() {
            if (train == null) throw new IllegalArgumentException("Trainer: a training DataLoader is required");
            return new Trainer(this);
        }
    }

    public Module model() { return model; }
    public Optimizer optimizer() { return optimizer; }
    public LRScheduler scheduler() { return scheduler; }
    public String name() { return name; }

    /** Completed epochs. */
    public int epoch() { return epoch; }

    /** Optimizer steps taken. */
    public long step() { return step; }

    /** The logs of every epoch this trainer ran, in order. */
    public List<Map<String, Double>> history() { return Collections.unmodifiableList(history); }

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
        ctx.batches = train.numBatches();
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

    private Map<String, Double> runEpoch(TrainContext ctx) {
        model.train();
        double lr = optimizer.paramGroups().get(0).lr();
        long start = System.nanoTime();
        double lossSum = 0;
        long correct = 0, seen = 0;
        try (DataLoader.Epoch batches = train.iterator()) {
            ctx.batches = train.numBatches(); // a weighted sampler's count is known once the epoch has drawn
            while (batches.hasNext()) {
                DataLoader.Batch b = batches.next();
                ctx.batch++;
                Tensor x = augmentation == null ? b.x() : augmentation.apply(b.x(), augmentGenerator);
                optimizer.zeroGrad();
                Tensor out = model.call(x);
                Tensor l = loss.call(out, b.y());
                double value = l.item();
                if (!Double.isFinite(value)) throw new NonFiniteException(ctx.epoch, ctx.batch, step + 1, "loss", value);
                l.backward();
                checkGradients(ctx);
                optimizer.step();
                step++;
                if (scheduler != null && schedulePerBatch) scheduler.step();
                int n = b.size();
                lossSum += perSample(value, n);
                correct += countCorrect(out, b.y());
                seen += n;
                ctx.logs.put("loss", lossSum / seen);
                ctx.logs.put("accuracy", (double) correct / seen);
                ctx.logs.put("samples", (double) seen);
                ctx.logs.put("seconds", (System.nanoTime() - start) * 1e-9);
                for (Callback c : callbacks) c.onBatchEnd(ctx);
            }
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("epoch", (double) ctx.epoch);
        logs.put("train_loss", seen == 0 ? Double.NaN : lossSum / seen);
        logs.put("train_accuracy", seen == 0 ? Double.NaN : (double) correct / seen);
        if (validation != null) {
            Evaluation e = evaluate(validation);
            logs.put("val_loss", e.loss());
            logs.put("val_accuracy", e.accuracy());
        }
        logs.put("lr", lr);
        logs.put("samples_per_s", seen / seconds);
        logs.put("seconds", seconds);
        if (scheduler != null && !schedulePerBatch) scheduler.step();
        if (plateau != null) {
            Double v = logs.get(plateauMetric);
            if (v == null) throw new IllegalArgumentException("Trainer: ReduceLROnPlateau monitors '" + plateauMetric + "', not in the epoch logs " + logs.keySet());
            plateau.step(v);
        }
        return logs;
    }

    /** Finds the first parameter whose gradient holds a NaN or infinity; the sum finds it without a scan when all are finite. */
    private void checkGradients(TrainContext ctx) {
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            if (g == null) continue;
            if (Double.isFinite(g.sum().item())) continue;
            for (double v : g.toDoubleArray()) // the sum may also overflow with finite elements
                if (!Double.isFinite(v)) throw new NonFiniteException(ctx.epoch, ctx.batch, step + 1, e.getKey(), v);
        }
    }

    /** The batch's summed loss from the reduced one. */
    private double perSample(double value, int n) { return loss.reduction() == Reduction.SUM ? value : value * n; }

    private static long countCorrect(Tensor out, Tensor y) {
        long[] pred = out.detach().argmax(1, false).toLongArray(), target = y.toLongArray();
        long c = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == target[i]) c++;
        return c;
    }

    // ------------------------------------------------------------ evaluate / predict

    /** Mean loss and accuracy over a loader's samples. */
    public record Evaluation(double loss, double accuracy, long samples) {}

    /** Evaluates in eval mode without gradients; the model's training mode is restored afterwards. */
    public Evaluation evaluate(DataLoader loader) {
        boolean wasTraining = model.isTraining();
        model.eval();
        double lossSum = 0;
        long correct = 0, seen = 0;
        try (var s = GradMode.noGrad(); DataLoader.Epoch batches = loader.iterator()) {
            while (batches.hasNext()) {
                DataLoader.Batch b = batches.next();
                Tensor out = model.call(b.x());
                lossSum += perSample(loss.call(out, b.y()).item(), b.size());
                correct += countCorrect(out, b.y());
                seen += b.size();
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(seen == 0 ? Double.NaN : lossSum / seen, seen == 0 ? Double.NaN : (double) correct / seen, seen);
    }

    /** The model's outputs for a batch of inputs, in eval mode without gradients. */
    public Tensor predict(Tensor x) {
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
        return Checkpoint.of(name, model, optimizer, epoch, step, train.generator(), config);
    }

    /**
     * Restores a {@link #checkpoint()} into this trainer's objects (built like the saved run's): the model, the
     * optimizer, the scheduler, the generators (the global one too) and the epoch and step counters.
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
        c.restore(model, optimizer, train.generator());
        if (scheduler != null) scheduler.loadStateDict(numbers((Map<String, Object>) config.get("scheduler")));
        if (plateau != null) plateau.loadStateDict(numbers((Map<String, Object>) config.get("plateau")));
        if (augmentGenerator != null) augmentGenerator.setState(unhex((List<Object>) config.get("augment_rng")));
        if (config.get("global_rng") instanceof List<?> g) Generator.global().setState(unhex((List<Object>) g));
        epoch = Math.toIntExact(c.epoch());
        step = c.step();
    }

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

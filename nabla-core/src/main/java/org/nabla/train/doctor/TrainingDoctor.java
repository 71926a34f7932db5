package org.nabla.train.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.nabla.nn.Module;
import org.nabla.train.Callback;
import org.nabla.train.NonFiniteException;
import org.nabla.train.TrainContext;

/**
 * The training doctor: a {@link Callback} that watches a run and names what goes wrong, each symptom once, with the
 * evidence (layer, step, figure) and a fix (see {@link Symptom}). Every step it keeps the loss (one number); on the
 * first step and every {@code every}-th after it, a {@link GradientProbe} in the trainer's gradient chain measures
 * each weight layer's gradient and update-to-weight ratio, and an {@link ActivationProbe} the dead and saturated
 * units of that step's forward pass. At each epoch's end it reads the train and validation metrics. The run's end
 * ({@code onTrainEnd}, or {@link #diverged} when the trainer stopped on a NaN) settles the rest.
 *
 * <pre>{@code
 * TrainingDoctor doctor = new TrainingDoctor(TrainingDoctor.everyFor(steps), f -> System.out.println(f));
 * Trainer t = Trainer.builder(model, opt).train(loader).callback(doctor).build();
 * try { t.fit(3); } catch (NonFiniteException e) { doctor.diverged(e); }
 * doctor.diagnosis().findings();
 * }</pre>
 */
public final class TrainingDoctor implements Callback {
    /** About this many sampled steps per run (see {@link #everyFor}). */
    public static final int SAMPLES = 50;
    private final int every;
    private final Diagnosis diagnosis;
    private final List<LayerSample> samples = new ArrayList<>();
    private final List<Map<String, Double>> history = new ArrayList<>();
    private long[] steps = new long[256];
    private double[] losses = new double[256];
    private int n;
    private GradientProbe gradients;
    private ActivationProbe activations;
    private Set<String> kinds = Set.of();
    private org.nabla.train.gradient.GradientChain chain;
    private boolean finished;

    /** Samples the layers every {@code every} steps; {@code onFinding} (may be null) hears each finding when found. */
    public TrainingDoctor(int every, Consumer<Finding> onFinding) {
        if (every < 1) throw new IllegalArgumentException("TrainingDoctor: every must be at least 1, got " + every);
        this.every = every;
        this.diagnosis = new Diagnosis(onFinding);
    }

    /** The sampling period that gives about {@link #SAMPLES} samples over {@code totalSteps}. */
    public static int everyFor(long totalSteps) { return (int) Math.max(1, totalSteps / SAMPLES); }

    @Override
    public void onTrainBegin(TrainContext ctx) {
        Module model = ctx.trainer().model();
        activations = ActivationProbe.attach(model);
        kinds = activations.kinds();
        gradients = new GradientProbe(every);
        chain = ctx.trainer().gradients();
        chain.add(gradients);
        if (gradients.sampled(ctx.step() + 1)) activations.arm();
    }

    @Override
    public void onBatchEnd(TrainContext ctx) {
        long step = ctx.step();
        if (n == losses.length) {
            losses = java.util.Arrays.copyOf(losses, 2 * n);
            steps = java.util.Arrays.copyOf(steps, 2 * n);
        }
        steps[n] = step;
        losses[n++] = ctx.logs().getOrDefault("step_loss", Double.NaN);
        if (gradients.sampled(step)) {
            samples.add(new LayerSample(step, gradients.gradientRms(), gradients.updateRatios(), activations.take()));
            if (samples.size() >= 3) checkLayers(); // early evidence is printed as the run goes
        }
        if (gradients.sampled(step + 1)) activations.arm();
    }

    @Override
    public void onEpochEnd(TrainContext ctx) { history.add(new LinkedHashMap<>(ctx.logs())); }

    @Override
    public void onTrainEnd(TrainContext ctx) { finish(); }

    /** The run stopped on a NaN or infinity: records the divergence and settles the diagnosis. */
    public void diverged(NonFiniteException e) {
        CurveRules.diverged(e, diagnosis);
        finish();
    }

    /** Compares the final training accuracy with one measured on a held-out split after training (e.g. "test"). */
    public void heldOut(double trainAccuracy, double heldOutAccuracy, String split) {
        CurveRules.heldOut(trainAccuracy, heldOutAccuracy, split, history.size(), diagnosis);
    }

    /** Checks the training set's class counts ({@code names} may be empty). */
    public void classCounts(long[] counts, List<String> names) { CurveRules.classCounts(counts, names, diagnosis); }

    public Diagnosis diagnosis() { return diagnosis; }

    /** The epoch logs seen. */
    public List<Map<String, Double>> history() { return List.copyOf(history); }

    /** doctor.json's content: the findings and what was watched. */
    public Map<String, Object> toJson() {
        Map<String, Object> watched = new LinkedHashMap<>();
        watched.put("steps", n == 0 ? 0 : steps[n - 1]);
        watched.put("sampled_every", every);
        watched.put("samples", samples.size());
        watched.put("weight_layers", samples.isEmpty() ? List.of() : List.copyOf(samples.getLast().gradientRms().keySet()));
        watched.put("activation_layers", samples.isEmpty() ? List.of() : List.copyOf(samples.getLast().units().keySet()));
        watched.put("median_update_ratio", Double.isFinite(LayerRules.medianUpdateRatio(samples)) ? LayerRules.medianUpdateRatio(samples) : null);
        return diagnosis.toJson(watched);
    }

    /**
     * A diagnosis after the fact: from a finished run's step losses ({@code steps[i]}: the step of {@code losses[i]}) and
     * epoch logs, one {@link #probe} pass on its final weights (null for none) and the training set's class counts
     * (null for a regression; {@code classNames} may be empty).
     */
    public static Diagnosis review(long[] steps, double[] losses, List<Map<String, Double>> history, LayerSample probe, long[] classCounts,
                                   List<String> classNames, Consumer<Finding> onFinding) {
        Diagnosis d = new Diagnosis(onFinding);
        if (classCounts != null) CurveRules.classCounts(classCounts, classNames, d);
        List<LayerSample> samples = probe == null ? List.of() : List.of(probe);
        Set<String> kinds = probe == null ? Set.of() : new java.util.HashSet<>(probe.units().values().stream().map(ActivationProbe.UnitStats::kind).toList());
        LayerRules.gradientFlow(samples, kinds, d);
        LayerRules.units(samples, d);
        CurveRules.loss(steps, losses, Double.NaN, d);
        CurveRules.epochs(history, d);
        CurveRules.underfitting(history, d);
        return d;
    }

    /**
     * Measures one pass of {@code model} as a sampled step (gradients and units; no update ratios): {@code pass} runs
     * the forward in training mode and the backward.
     */
    public static LayerSample probe(Module model, Runnable pass) {
        try (ActivationProbe units = ActivationProbe.attach(model)) {
            units.arm();
            pass.run();
            GradientProbe g = new GradientProbe(1);
            g.measure(model.namedParameters());
            return new LayerSample(0, g.gradientRms(), Map.of(), units.take());
        }
    }

    private void checkLayers() {
        LayerRules.gradientFlow(samples, kinds, diagnosis);
        LayerRules.units(samples, diagnosis);
    }

    private void finish() {
        if (finished) return;
        finished = true;
        if (activations != null) activations.close();
        if (chain != null) chain.remove(gradients);
        checkLayers();
        CurveRules.loss(java.util.Arrays.copyOf(steps, n), java.util.Arrays.copyOf(losses, n), LayerRules.medianUpdateRatio(samples), diagnosis);
        CurveRules.epochs(history, diagnosis);
        CurveRules.underfitting(history, diagnosis);
    }
}

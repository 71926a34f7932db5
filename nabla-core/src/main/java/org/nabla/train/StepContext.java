package org.nabla.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.nn.Module;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.gradient.GradientChain;
import org.nabla.train.gradient.GradientContext;

/**
 * What a {@link Task}'s step gets from the trainer: the position in the run, the trainer's gradient chain and a
 * place to log values (added to the batch's logs that callbacks read).
 */
public final class StepContext {
    private final GradientChain gradients;
    private final Map<String, Double> logs = new LinkedHashMap<>();
    private int epoch, batch;
    private long step;
    private long[] rngAtStart;

    /** A context whose steps run {@code gradients}; the trainer makes one, tests and custom loops may make their own. */
    public StepContext(GradientChain gradients) { this.gradients = gradients; }

    /** Starts a step: its position (1-based) and the global generator's state, from which a failed forward is replayed. */
    public void begin(int epoch, int batch, long step) {
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
        rngAtStart = Generator.global().state();
        logs.clear();
    }

    public int epoch() { return epoch; }

    public int batch() { return batch; }

    /** The step being taken, 1-based (one per {@link Task#trainStep}). */
    public long step() { return step; }

    /** Runs the gradient chain on these parameters' gradients: call it after {@code backward()}, before the optimizer's step. */
    public void transformGradients(Map<String, ? extends Tensor> parameters) {
        gradients.apply(new GradientContext(epoch, batch, step, parameters, logs));
    }

    /**
     * Throws a {@link NonFiniteException} when {@code loss} is NaN or infinite, naming the first layer of
     * {@code model} whose output was not finite (or the input batch) found by replaying {@code forward} from the
     * global generator's state at the start of the step (so dropout draws the same masks). Call it before backward.
     */
    public void checkLoss(double loss, Module model, Runnable forward) {
        if (Double.isFinite(loss)) return;
        Divergence.Found found = null;
        if (model != null && forward != null) {
            long[] now = Generator.global().state();
            Generator.global().setState(rngAtStart);
            found = Divergence.locate(model, forward);
            Generator.global().setState(now);
        }
        throw NonFiniteException.loss(epoch, batch, step, loss, found == null ? null : found.layer(), found == null ? null : found.description());
    }

    /** Adds {@code key = value} to this step's logs. */
    public void log(String key, double value) { logs.put(key, value); }

    /** What this step logged (gradient transforms included). */
    public Map<String, Double> logs() { return logs; }
}

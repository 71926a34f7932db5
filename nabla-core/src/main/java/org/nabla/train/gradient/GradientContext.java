package org.nabla.train.gradient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * What a {@link GradientTransform} sees: the position in the run (epoch, batch, and the step about to be taken,
 * all 1-based), the parameters by dotted name ("1.weight", "generator.0.bias") and a place to log values that the
 * trainer adds to the batch's logs, where callbacks read them.
 */
public final class GradientContext {
    private final int epoch, batch;
    private final long step;
    private final Map<String, Tensor> parameters;
    private final Map<String, Double> logs;

    /** {@code logs} receives what the transforms log (the trainer passes the batch's logs). */
    public GradientContext(int epoch, int batch, long step, Map<String, ? extends Tensor> parameters, Map<String, Double> logs) {
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.logs = logs;
    }

    public int epoch() { return epoch; }

    public int batch() { return batch; }

    /** The optimizer step these gradients are for, 1-based. */
    public long step() { return step; }

    /** Every parameter by name, with or without a gradient. */
    public Map<String, Tensor> parameters() { return parameters; }

    /** The gradients of the parameters that have one, in the parameters' order. */
    public List<Tensor> gradients() {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : parameters.values()) if (p.grad() != null) out.add(p.grad());
        return out;
    }

    /** Adds {@code key = value} to this step's logs. */
    public void log(String key, double value) { logs.put(key, value); }
}

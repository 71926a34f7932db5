package org.nabla.train.doctor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.tensor.Tensor;
import org.nabla.train.gradient.GradientContext;
import org.nabla.train.gradient.GradientTransform;

/**
 * A gradient-chain link that, on sampled steps (the first and every {@code every}-th after it), measures each weight
 * layer's gradient (the RMS over its elements, so layers of different sizes compare) and keeps a copy of the weights,
 * so that after the optimizer step {@link #updateRatios()} gives each layer's update-to-weight ratio ‖Δw‖ / ‖w‖.
 * A weight layer is a parameter of two or more dimensions, named by its module ("3" for "3.weight").
 */
public final class GradientProbe implements GradientTransform {
    private final int every;
    private final Map<String, Double> rms = new LinkedHashMap<>();
    private final Map<String, Tensor> before = new LinkedHashMap<>(), weights = new LinkedHashMap<>();

    public GradientProbe(int every) {
        if (every < 1) throw new IllegalArgumentException("GradientProbe: every must be at least 1, got " + every);
        this.every = every;
    }

    /** Whether step {@code step} (1-based) is measured. */
    public boolean sampled(long step) { return (step - 1) % every == 0; }

    @Override
    public void apply(GradientContext g) {
        if (!sampled(g.step())) return;
        measure(g.parameters());
    }

    /** Measures the gradients of {@code parameters} now (also outside a trainer, after one backward). */
    public void measure(Map<String, ? extends Tensor> parameters) {
        rms.clear();
        before.clear();
        weights.clear();
        parameters.forEach((name, p) -> {
            if (p.dim() < 2 || p.grad() == null) return;
            String layer = layer(name);
            Tensor grad = p.grad();
            rms.put(layer, Math.sqrt(grad.mul(grad).mean().item()));
            before.put(layer, p.detach().copy());
            weights.put(layer, p);
        });
    }

    /** The module's name of a parameter: "3.weight" is layer "3". */
    static String layer(String parameter) {
        int dot = parameter.lastIndexOf('.');
        return dot < 0 ? parameter : parameter.substring(0, dot);
    }

    /** The last measured step's gradient RMS by layer, in the model's order. */
    public Map<String, Double> gradientRms() { return Collections.unmodifiableMap(new LinkedHashMap<>(rms)); }

    /** ‖w_after − w_before‖ / ‖w_before‖ by layer for the last measured step, once its optimizer step is taken. */
    public Map<String, Double> updateRatios() {
        Map<String, Double> out = new LinkedHashMap<>();
        before.forEach((layer, w0) -> {
            Tensor d = weights.get(layer).detach().sub(w0);
            double norm = Math.sqrt(w0.mul(w0).sum().item());
            if (norm > 0) out.put(layer, Math.sqrt(d.mul(d).sum().item()) / norm);
        });
        before.clear();
        return out;
    }

    @Override public String toString() { return "GradientProbe(every " + every + " steps)"; }
}

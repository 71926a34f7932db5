package org.nabla.train.doctor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.activation.Sigmoid;
import org.nabla.nn.activation.Tanh;
import org.nabla.tensor.Tensor;

/**
 * Forward hooks on a model's ReLU, Sigmoid and Tanh modules that, once {@link #arm armed}, measure the next
 * training-mode forward pass: per layer, the share of units (features; channels of an image) that output 0 for every
 * sample of the batch (dead ReLUs) and the share of outputs within 1% of a sigmoid's or tanh's bounds (saturated).
 * Unarmed, a hook returns at once, so the probe costs nothing between samples. Activations called as functions inside
 * a module (not as modules) are not seen.
 */
public final class ActivationProbe implements AutoCloseable {
    /** One activation layer in one forward pass: its kind, units, dead share (ReLU) and saturated share (sigmoid, tanh). */
    public record UnitStats(String kind, int units, double dead, double saturated) {}

    private final List<AutoCloseable> hooks = new ArrayList<>();
    private final Map<String, UnitStats> taken = new LinkedHashMap<>();
    private final Set<String> kinds = new LinkedHashSet<>();
    private boolean armed;

    private ActivationProbe() {}

    /** Hooks every ReLU, Sigmoid and Tanh module of {@code model}. */
    public static ActivationProbe attach(Module model) {
        ActivationProbe p = new ActivationProbe();
        model.namedModules().forEach((name, m) -> {
            String kind = m instanceof ReLU ? "ReLU" : m instanceof Sigmoid ? "Sigmoid" : m instanceof Tanh ? "Tanh" : null;
            if (kind == null) return;
            p.kinds.add(kind);
            p.hooks.add(m.registerForwardHook((module, inputs, output) -> {
                if (p.armed && module.isTraining() && output instanceof Tensor y && !p.taken.containsKey(name)) p.taken.put(name, stats(kind, y));
            }));
        });
        return p;
    }

    /** The activation kinds the model has as modules ("ReLU", "Sigmoid", "Tanh"). */
    public Set<String> kinds() { return Collections.unmodifiableSet(kinds); }

    /** Measures the next training-mode forward pass. */
    public void arm() {
        taken.clear();
        armed = true;
    }

    /** What the armed pass measured, by layer name (empty if none ran); disarms. */
    public Map<String, UnitStats> take() {
        armed = false;
        Map<String, UnitStats> out = new LinkedHashMap<>(taken);
        taken.clear();
        return out;
    }

    static UnitStats stats(String kind, Tensor y) {
        try (var s = GradMode.noGrad()) {
            int[] shape = y.shape();
            if (shape.length < 2) return new UnitStats(kind, 1, Double.NaN, Double.NaN);
            // a unit: a channel of an image [N, C, H, W], else a feature of the last dim
            int unitDim = shape.length == 4 ? 1 : shape.length - 1;
            int[] over = new int[shape.length - 1];
            for (int d = 0, i = 0; d < shape.length; d++) if (d != unitDim) over[i++] = d;
            double dead = kind.equals("ReLU") ? y.gt(0).sum(over, false).eq(0).mean().item() : Double.NaN;
            double saturated = kind.equals("Sigmoid") ? y.sub(0.5).abs().gt(0.49).mean().item()
                    : kind.equals("Tanh") ? y.abs().gt(0.99).mean().item() : Double.NaN;
            return new UnitStats(kind, shape[unitDim], dead, saturated);
        }
    }

    /** Removes the hooks. */
    @Override
    public void close() {
        for (AutoCloseable h : hooks) {
            try {
                h.close();
            } catch (Exception e) {
                throw new IllegalStateException("ActivationProbe: cannot remove a forward hook: " + e.getMessage(), e);
            }
        }
        hooks.clear();
    }
}

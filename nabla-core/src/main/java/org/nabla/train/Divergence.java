package org.nabla.train;

import static org.nabla.train.gradient.NonFiniteGuard.firstNonFinite;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/** Finds where a forward pass stops being finite by replaying it with a hook on every module. */
final class Divergence {
    private Divergence() {}

    /** The first module (in call order) whose output holds a NaN or infinity, or the input batch itself. */
    record Found(String layer, String description) {}

    /** Replays {@code forward} (under no-grad) over {@code model}'s modules; null when the replay stays finite. */
    static Found locate(Module model, Runnable forward) {
        List<Found> found = new ArrayList<>(1);
        boolean[] first = {true};
        List<AutoCloseable> hooks = new ArrayList<>();
        model.namedModules().forEach((name, m) -> hooks.add(watch(m, (input, output) -> {
            boolean firstCall = first[0];
            first[0] = false;
            if (!found.isEmpty()) return;
            String layer = "layer '" + name + "' (" + m.name() + ")";
            Double in = firstCall && input != null ? firstNonFinite(input) : null;
            if (in != null) found.add(new Found(name, "the input batch contains " + in + " (read first by " + layer + ")"));
            else if (output != null && firstNonFinite(output) instanceof Double out) found.add(new Found(name, layer + " is the first to output " + out));
        })));
        try (var s = GradMode.noGrad()) {
            forward.run();
        } catch (RuntimeException e) {
            // The replay is a diagnosis only: if it fails, the layer stays unknown.
        } finally {
            for (AutoCloseable h : hooks) close(h);
        }
        return found.isEmpty() ? null : found.getFirst();
    }

    /** The one place that uses the forward-hook API: {@code onCall} gets each call's input and output. */
    private static AutoCloseable watch(Module m, BiConsumer<Tensor, Tensor> onCall) {
        return m.registerForwardHook((module, inputs, output) -> {
            Tensor in = inputs.isEmpty() || !(inputs.getFirst() instanceof Tensor t) ? null : t;
            onCall.accept(in, output instanceof Tensor t ? t : null);
        });
    }

    private static void close(AutoCloseable hook) {
        try {
            hook.close();
        } catch (Exception e) {
            throw new IllegalStateException("Divergence: cannot remove a forward hook: " + e.getMessage(), e);
        }
    }
}

package org.nabla.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * A layer's output for an input, read by a forward hook on the module at a dotted name (as in
 * {@link Module#namedModules()}, e.g. "3" of a Sequential, "layer2.1.conv1" of a ResNet).
 */
public final class LayerActivations {
    private LayerActivations() {}

    /** The module at {@code name} of {@code model}; an unknown name is refused with the names there are. */
    public static Module layer(Module model, String name) {
        Map<String, Module> named = model.namedModules();
        Module m = named.get(name);
        if (m == null || name.isEmpty()) {
            List<String> names = named.keySet().stream().filter(k -> !k.isEmpty()).toList();
            throw new IllegalArgumentException("no layer named '" + name + "'; the model's layers are: " + String.join(", ", names));
        }
        return m;
    }

    /** The output of {@code layer} (its last call) when {@code model} runs on x, without gradients. */
    public static Tensor of(Module model, Module layer, Tensor x) {
        try (var g = GradMode.noGrad()) {
            return run(model, layer, x).activation();
        }
    }

    /** The model's output and the layer's activation of one forward pass (recorded for backward if grad mode is on). */
    record Pass(Tensor output, Tensor activation) {}

    static Pass run(Module model, Module layer, Tensor x) {
        Tensor[] seen = new Tensor[1];
        Tensor out;
        try (AutoCloseable hook = layer.registerForwardHook((m, in, o) -> {
            if (!(o instanceof Tensor t)) throw new IllegalArgumentException(m.name() + " does not output a single tensor");
            seen[0] = t;
        })) {
            out = model.call(x);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (seen[0] == null) throw new IllegalArgumentException(layer.name() + " did not run in the model's forward pass");
        return new Pass(out, seen[0]);
    }

    /**
     * The names of the modules whose output is a feature map [1, C, H, W] with more than one position for x (a
     * global pool's [1, C, 1, 1] is not one), in the order they finish (a block
     * after its layers): the candidates for Grad-CAM and activation maps. The last one is the deepest.
     */
    public static List<String> spatialLayers(Module model, Tensor x) {
        Map<Module, String> names = new LinkedHashMap<>();
        model.namedModules().forEach((k, m) -> { if (!k.isEmpty()) names.putIfAbsent(m, k); });
        List<String> found = new ArrayList<>();
        List<AutoCloseable> hooks = new ArrayList<>();
        for (Map.Entry<Module, String> e : names.entrySet())
            hooks.add(e.getKey().registerForwardHook((m, in, o) -> {
                if (o instanceof Tensor t && t.dim() == 4 && t.size(2) * t.size(3) > 1 && !found.contains(e.getValue())) found.add(e.getValue());
            }));
        try (var g = GradMode.noGrad()) {
            model.call(x);
        } finally {
            for (AutoCloseable h : hooks) {
                try {
                    h.close();
                } catch (Exception ignored) {
                    // removing a hook from a list cannot fail
                }
            }
        }
        return found;
    }
}

package org.nabla.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nabla.internal.TensorInternals;
import org.nabla.tensor.Storage;
import org.nabla.tensor.Tensor;

/** Reverse-mode differentiation: visits the graph from the output back to the leaves in topological order. */
public final class Engine {
    /** Whether the backward pass running on this thread keeps its graph (see {@link #retainsGraph}). */
    private static final ThreadLocal<Boolean> RETAINING = new ThreadLocal<>();

    private Engine() {}

    /**
     * Whether the backward pass running on this thread keeps the graph for another pass (retainGraph), or its rules
     * run for the last time and may reuse the buffers they saved (a fused recurrence writes its input gradient over
     * its saved gates). True outside a backward pass.
     */
    public static boolean retainsGraph() { return RETAINING.get() != Boolean.FALSE; }

    /**
     * Accumulates d(root)/d(leaf), weighted by {@code seed}, into every leaf that requires grad.
     *
     * @param seed         the gradient of some loss with respect to root; null means 1 for a scalar root
     * @param retainGraph  keep the rules so a second backward can run through the same graph
     * @param createGraph  record the backward computation itself, for higher-order gradients
     */
    public static void backward(Tensor root, Tensor seed, boolean retainGraph, boolean createGraph) {
        run(root, seed, null, retainGraph, createGraph);
    }

    /**
     * The gradients of root with respect to the given tensors, returned rather than accumulated into
     * {@code .grad} (like {@code torch.autograd.grad}); null for a tensor root does not depend on.
     */
    public static Tensor[] grad(Tensor root, Tensor seed, Tensor[] inputs, boolean retainGraph, boolean createGraph) {
        Map<Tensor, Tensor> wanted = new IdentityHashMap<>();
        for (Tensor t : inputs) {
            if (!t.requiresGrad()) throw new IllegalArgumentException("grad: one of the inputs does not require grad");
            wanted.put(t, null);
        }
        run(root, seed, wanted, retainGraph, createGraph);
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) out[i] = wanted.get(inputs[i]);
        return out;
    }

    /** The shared walk: accumulates into .grad when wanted is null, otherwise fills wanted and leaves .grad alone. */
    private static void run(Tensor root, Tensor seed, Map<Tensor, Tensor> wanted, boolean retainGraph, boolean createGraph) {
        if (!root.requiresGrad())
            throw new IllegalStateException("backward: the tensor does not require grad and has no grad_fn;"
                    + " did you call requiresGrad(true) on the inputs, or compute it under noGrad()?");
        if (seed == null) {
            if (root.numel() != 1)
                throw new IllegalArgumentException("backward: a gradient can be implicitly created only for scalar outputs,"
                        + " but the output has shape " + Arrays.toString(root.shape()) + "; pass the upstream gradient");
            seed = Tensor.onesLike(root);
        } else if (!Arrays.equals(seed.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + Arrays.toString(seed.shape())
                    + " does not match output shape " + Arrays.toString(root.shape()));
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed.to(root.dtype()));
        // Storages already stored in some .grad (or owned by the caller): a gradient in one of them must be copied.
        Set<Storage> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        claimed.add(seed.storage());
        Boolean outer = RETAINING.get();
        RETAINING.set(retainGraph);
        try (var mode = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) continue;
                g = TensorInternals.get().runGradHooks(t, g);
                Node node = t.gradFn();
                Tensor kept = createGraph ? g : g.detach();
                if (wanted != null) {
                    if (wanted.containsKey(t)) wanted.put(t, kept);
                } else if (node == null || t.retainsGrad()) {
                    TensorInternals.get().accumulateGrad(t, kept, kept.isDense() && claimed.add(kept.storage()));
                }
                if (node == null) continue;
                for (int k = 0; k < node.arity(); k++) {
                    Tensor input = node.input(k);
                    if (input == null || !input.requiresGrad()) continue;
                    GradFn rule = node.rule(k);
                    if (rule == null) continue;
                    Tensor gi = toInputShape(rule.apply(g), input, node);
                    grads.merge(input, gi, Tensor::add);
                }
                if (!retainGraph) node.release();
            }
        } finally {
            RETAINING.set(outer);
        }
    }

    /** Sums a broadcast gradient back to the input's shape and casts it to the input's dtype. */
    private static Tensor toInputShape(Tensor g, Tensor input, Node node) {
        if (!Arrays.equals(g.shape(), input.shape())) g = g.sumTo(input.shape());
        if (!Arrays.equals(g.shape(), input.shape()))
            throw new IllegalStateException("backward of " + node.name() + ": gradient shape " + Arrays.toString(g.shape())
                    + " does not match input shape " + Arrays.toString(input.shape()));
        return g.dtype() == input.dtype() ? g : g.to(input.dtype());
    }

    /** Tensors that require grad and are reachable from root, each after all tensors it depends on. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        // Iterative post-order DFS: deep graphs (long RNN unrolls) must not overflow the stack.
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        visited.add(root);
        stack.push(new Object[] {root, 0});
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.gradFn();
            if (node != null && next < node.arity()) {
                frame[1] = next + 1;
                Tensor child = node.input(next);
                if (child != null && child.requiresGrad() && visited.add(child)) stack.push(new Object[] {child, 0});
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}

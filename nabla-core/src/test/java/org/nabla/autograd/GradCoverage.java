package org.nabla.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nabla.autograd.GradChecked.Inputs;
import org.nabla.tensor.Tensor;

/**
 * Runs GradCheck while noting which ops each checked graph contained, and (as a JUnit extension) fails a
 * test whose {@link GradChecked} claim is not backed by such a check. Test classes that claim coverage use
 * {@code @ExtendWith(GradCoverage.class)} and check through {@link #check}.
 */
public final class GradCoverage implements BeforeEachCallback, AfterEachCallback {

    /**
     * What one GradCheck run saw: the op names in its graph, those with an input of another shape, its input
     * kinds, and whether the checked function differentiated through a createGraph backward.
     */
    private record Seen(Set<String> ops, Set<String> broadcastOps, boolean anyNonContiguous, boolean allContiguous, boolean secondOrder) {}

    private static final ThreadLocal<List<Seen>> SEEN = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> CREATED_GRAPH = ThreadLocal.withInitial(() -> false);

    /** GradCheck with the default tolerances; on failure the message names the ops in the graph. */
    public static void assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) { assertGradients(new GradCheck(), f, inputs); }

    public static void assertGradients(GradCheck checker, Function<Tensor[], Tensor> f, Tensor... inputs) {
        List<Seen> seen = SEEN.get();
        if (seen == null) throw new IllegalStateException("GradCoverage.assertGradients needs @ExtendWith(GradCoverage.class) on the test class");
        Set<String> ops = new LinkedHashSet<>(), broadcastOps = new LinkedHashSet<>();
        Function<Tensor[], Tensor> recording = xs -> {
            Tensor y = f.apply(xs);
            // Only the analytic pass runs with grad mode on; the numeric passes build no graph of interest.
            if (GradMode.isEnabled()) collect(y, ops, broadcastOps);
            return y;
        };
        CREATED_GRAPH.set(false);
        GradCheck.Result r = checker.run(recording, inputs);
        if (!r.passed()) throw new AssertionError("ops " + ops + ": " + r.message());
        boolean anyNonContiguous = false, allContiguous = true;
        for (Tensor in : inputs) {
            if (!in.requiresGrad()) continue;
            anyNonContiguous |= !in.isContiguous();
            allContiguous &= in.isContiguous();
        }
        seen.add(new Seen(ops, broadcastOps, anyNonContiguous, allContiguous, CREATED_GRAPH.get()));
    }

    /**
     * The function xs -> d(sum(f(xs) * seed)) / d(xs[wrt]), computed by a backward with createGraph=true so
     * that it is itself differentiable: checking it checks the backward rules' own gradients.
     */
    public static Function<Tensor[], Tensor> gradientOf(Function<Tensor[], Tensor> f, Tensor seed, int wrt) {
        return xs -> {
            CREATED_GRAPH.set(true);
            try (var mode = GradMode.enableGrad()) {
                Tensor y = f.apply(xs);
                xs[wrt].setGrad(null);
                y.backward(seed, true, true);
                return xs[wrt].grad();
            }
        };
    }

    private static void collect(Tensor y, Set<String> ops, Set<String> broadcastOps) {
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> todo = new ArrayDeque<>(List.of(y));
        while (!todo.isEmpty()) {
            Tensor t = todo.pop();
            Node node = t.gradFn();
            if (node == null || !visited.add(t)) continue;
            ops.add(node.name());
            for (Tensor in : node.inputs()) {
                if (in == null) continue;
                if (!Arrays.equals(in.shape(), t.shape())) broadcastOps.add(node.name());
                todo.push(in);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) { SEEN.set(new ArrayList<>()); }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Seen> seen = SEEN.get();
        SEEN.remove();
        if (context.getExecutionException().isPresent()) return;
        GradChecked claim = context.getRequiredTestMethod().getAnnotation(GradChecked.class);
        if (claim == null) return;
        for (String op : claim.value()) {
            for (Inputs kind : claim.on()) {
                boolean backed = seen.stream().anyMatch(s -> s.ops().contains(op) && switch (kind) {
                    case PLAIN -> s.allContiguous();
                    case BROADCAST -> s.broadcastOps().contains(op);
                    case NON_CONTIGUOUS -> s.anyNonContiguous();
                    case SECOND_ORDER -> s.secondOrder();
                });
                if (!backed)
                    throw new AssertionError(context.getRequiredTestMethod().getName() + " claims a " + kind + " gradcheck of " + op
                            + ", but none of its GradCoverage.assertGradients calls had " + op + " in such a graph");
            }
        }
    }
}

package org.nabla.rl.agent;

import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.rl.tabular.QTable;
import org.nabla.tensor.Tensor;

/** The action an agent takes in each of several observations, without exploring: what evaluation and play run. */
@FunctionalInterface
public interface GreedyPolicy<O> {
    void act(List<O> observations, int[] actions);

    /** argmax of a network's outputs (Q-values or logits), one batched forward pass under no-grad. */
    static <O> GreedyPolicy<O> of(Module net, Features<O> features) {
        return (observations, actions) -> {
            int n = observations.size(), dim = features.size();
            float[] rows = new float[n * dim];
            for (int i = 0; i < n; i++) features.write(observations.get(i), rows, i * dim);
            try (var g = GradMode.noGrad()) {
                long[] best = net.call(Tensor.of(rows, n, dim)).argmax(1, false).toLongArray();
                for (int i = 0; i < n; i++) actions[i] = (int) best[i];
            }
        };
    }

    /** A table's greedy actions. */
    static GreedyPolicy<Integer> of(QTable q) { return of(q.policy()); }

    /** One action per state. */
    static GreedyPolicy<Integer> of(int[] policy) {
        return (observations, actions) -> {
            for (int i = 0; i < observations.size(); i++) actions[i] = policy[observations.get(i)];
        };
    }
}

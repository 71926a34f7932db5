package org.nabla.rl.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nabla.rl.env.Environment;
import org.nabla.rl.env.Step;

/**
 * Runs a greedy policy for a number of episodes and returns each one's undiscounted return. Episode i starts from
 * {@code reset(seed + i)}, so the result does not depend on how many environments run side by side: up to
 * {@code parallel} episodes advance in lockstep, their observations batched into one policy call.
 */
public final class Evaluation {
    private Evaluation() {}

    public static <O> double[] run(Supplier<? extends Environment<O>> make, GreedyPolicy<O> policy, int episodes, long seed, int parallel) {
        return run(make, policy, episodes, seed, parallel, null);
    }

    /** As {@link #run}, one episode at a time, passing each frame ({@code render()} after reset and every step) to {@code frames}. */
    public static <O> double[] run(Supplier<? extends Environment<O>> make, GreedyPolicy<O> policy, int episodes, long seed, int parallel,
                                   Consumer<String> frames) {
        if (episodes < 1) throw new IllegalArgumentException("evaluation: episodes must be positive, got " + episodes);
        int width = frames != null ? 1 : Math.max(1, Math.min(parallel, episodes));
        List<Environment<O>> envs = new ArrayList<>();
        for (int i = 0; i < width; i++) envs.add(make.get());
        double[] returns = new double[episodes];
        int[] actions = new int[width];
        for (int first = 0; first < episodes; first += width) {
            int count = Math.min(width, episodes - first);
            List<O> observations = new ArrayList<>();
            List<Integer> live = new ArrayList<>(); // indices into envs of the episodes still running
            for (int i = 0; i < count; i++) {
                observations.add(envs.get(i).reset(seed + first + i));
                live.add(i);
                if (frames != null) frames.accept(envs.get(i).render());
            }
            while (!live.isEmpty()) {
                policy.act(observations, actions);
                List<O> nextObservations = new ArrayList<>();
                List<Integer> nextLive = new ArrayList<>();
                for (int j = 0; j < live.size(); j++) {
                    int i = live.get(j);
                    Step<O> step = envs.get(i).step(actions[j]);
                    returns[first + i] += step.reward();
                    if (frames != null) frames.accept(envs.get(i).render());
                    if (!step.done()) {
                        nextObservations.add(step.observation());
                        nextLive.add(i);
                    }
                }
                observations = nextObservations;
                live = nextLive;
            }
        }
        return returns;
    }

    public static double mean(double[] values) {
        double s = 0;
        for (double v : values) s += v;
        return s / values.length;
    }
}

package org.nabla.rl.tabular;

import java.util.ArrayList;
import java.util.List;
import org.nabla.rl.env.Step;
import org.nabla.rl.env.TabularEnvironment;

/**
 * Model-free prediction of a fixed policy's state values from sampled episodes: first-visit Monte Carlo (the
 * average of the returns following each episode's first visit of a state) and TD(0) (V(s) ← V(s) + α (r + γ V(s') −
 * V(s)) after every step). Compare with {@link DynamicProgramming#evaluate}, which uses the model.
 */
public final class Prediction {
    private Prediction() {}

    /** First-visit Monte Carlo over {@code episodes} episodes of {@code policy} (one action per state). */
    public static double[] firstVisitMonteCarlo(TabularEnvironment env, int[] policy, int episodes, double gamma, long seed) {
        int n = env.observationSpace().n();
        double[] values = new double[n];
        long[] visits = new long[n];
        env.reset(seed);
        for (int e = 0; e < episodes; e++) {
            int s = e == 0 ? env.state() : env.reset();
            List<Integer> states = new ArrayList<>();
            List<Double> rewards = new ArrayList<>();
            while (true) {
                Step<Integer> step = env.step(policy[s]);
                states.add(s);
                rewards.add(step.reward());
                if (step.done()) break;
                s = step.observation();
            }
            int[] firstVisit = new int[n];
            java.util.Arrays.fill(firstVisit, -1);
            for (int t = 0; t < states.size(); t++) if (firstVisit[states.get(t)] < 0) firstVisit[states.get(t)] = t;
            double g = 0;
            for (int t = states.size() - 1; t >= 0; t--) { // returns computed backwards, recorded at first visits only
                g = rewards.get(t) + gamma * g;
                int state = states.get(t);
                if (firstVisit[state] == t) values[state] += (g - values[state]) / ++visits[state];
            }
        }
        return values;
    }

    /** TD(0) with a constant step size α over {@code episodes} episodes of {@code policy}. */
    public static double[] td0(TabularEnvironment env, int[] policy, int episodes, double alpha, double gamma, long seed) {
        double[] values = new double[env.observationSpace().n()];
        env.reset(seed);
        for (int e = 0; e < episodes; e++) {
            int s = e == 0 ? env.state() : env.reset();
            while (true) {
                Step<Integer> step = env.step(policy[s]);
                int next = step.observation();
                double target = step.reward() + (step.terminated() ? 0 : gamma * values[next]);
                values[s] += alpha * (target - values[s]);
                if (step.done()) break;
                s = next;
            }
        }
        return values;
    }
}

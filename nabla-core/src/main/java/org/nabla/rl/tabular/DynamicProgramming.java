package org.nabla.rl.tabular;

import org.nabla.rl.env.TransitionTable;

/**
 * Planning with a known model ({@link TransitionTable}): value iteration (Bellman optimality backups until the
 * largest change is below {@code tolerance}) and policy iteration (evaluate the policy to the same tolerance,
 * improve it greedily, until it is stable). Both extract their policy with {@link #greedy}, so equal values give
 * equal policies.
 */
public final class DynamicProgramming {
    private DynamicProgramming() {}

    /** State values, the greedy policy they imply, and how many sweeps (or improvement rounds) it took. */
    public record Solution(double[] values, int[] policy, int iterations) {}

    /** Value iteration: V(s) ← max_a Σ p (r + γ V(s')), in place (Gauss–Seidel), until max |ΔV| < tolerance. */
    public static Solution valueIteration(TransitionTable table, double gamma, double tolerance) {
        check(gamma, tolerance);
        double[] v = new double[table.states()];
        int sweeps = 0;
        double delta;
        do {
            delta = 0;
            for (int s = 0; s < v.length; s++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < table.actions(); a++) best = Math.max(best, table.backup(s, a, v, gamma));
                delta = Math.max(delta, Math.abs(best - v[s]));
                v[s] = best;
            }
            sweeps++;
            if (sweeps > 1_000_000) throw new IllegalStateException("value iteration: no convergence after 10^6 sweeps (γ = " + gamma + ")");
        } while (delta >= tolerance);
        return new Solution(v, greedy(table, v, gamma), sweeps);
    }

    /** Policy iteration from the all-zeros policy: iterative policy evaluation, then greedy improvement, until stable. */
    public static Solution policyIteration(TransitionTable table, double gamma, double tolerance) {
        check(gamma, tolerance);
        int[] policy = new int[table.states()];
        double[] v = new double[table.states()];
        for (int round = 1; ; round++) {
            evaluate(table, policy, gamma, tolerance, v);
            int[] improved = greedy(table, v, gamma);
            if (java.util.Arrays.equals(improved, policy)) return new Solution(v, policy, round);
            policy = improved;
            if (round > 10_000) throw new IllegalStateException("policy iteration: the policy still changes after 10^4 rounds");
        }
    }

    /** Iterative policy evaluation of a deterministic policy, starting from (and writing into) {@code v}. */
    public static double[] evaluate(TransitionTable table, int[] policy, double gamma, double tolerance, double[] v) {
        double delta;
        int sweeps = 0;
        do {
            delta = 0;
            for (int s = 0; s < v.length; s++) {
                double value = table.backup(s, policy[s], v, gamma);
                delta = Math.max(delta, Math.abs(value - v[s]));
                v[s] = value;
            }
            if (++sweeps > 10_000_000) throw new IllegalStateException("policy evaluation: no convergence (γ = " + gamma + ")");
        } while (delta >= tolerance);
        return v;
    }

    /** The greedy policy of {@code v}: per state the first action whose backup is within 1e-9 of the best. */
    public static int[] greedy(TransitionTable table, double[] v, double gamma) {
        int[] policy = new int[table.states()];
        double[] q = new double[table.actions()];
        for (int s = 0; s < policy.length; s++) {
            for (int a = 0; a < q.length; a++) q[a] = table.backup(s, a, v, gamma);
            policy[s] = QTable.argmaxWithin(q, 1e-9);
        }
        return policy;
    }

    private static void check(double gamma, double tolerance) {
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("dynamic programming: γ must be in [0, 1], got " + gamma);
        if (!(tolerance > 0)) throw new IllegalArgumentException("dynamic programming: tolerance must be positive, got " + tolerance);
    }
}

package org.nabla.rl.tabular;

import org.nabla.tensor.Generator;

/** Action values Q(s, a) of a finite MDP, with ε-greedy and greedy action choice. */
public final class QTable {
    private final double[][] q;

    public QTable(int states, int actions) { q = new double[states][actions]; }

    public QTable(double[][] values) {
        q = new double[values.length][];
        for (int s = 0; s < values.length; s++) q[s] = values[s].clone();
    }

    public int states() { return q.length; }

    public int actions() { return q[0].length; }

    public double get(int s, int a) { return q[s][a]; }

    public void set(int s, int a, double value) { q[s][a] = value; }

    public double max(int s) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : q[s]) m = Math.max(m, v);
        return m;
    }

    /** The greedy action: the first of the best. */
    public int greedy(int s) { return argmaxWithin(q[s], 0); }

    /** A random action with probability ε, else the greedy one with ties broken at random. */
    public int epsilonGreedy(int s, double epsilon, Generator random) {
        if (random.nextDouble() < epsilon) return (int) random.nextLong(q[s].length);
        double best = max(s);
        int count = 0, choice = 0;
        for (int a = 0; a < q[s].length; a++) if (q[s][a] == best && random.nextLong(++count) == 0) choice = a;
        return choice;
    }

    /** The greedy policy, one action per state. */
    public int[] policy() {
        int[] p = new int[q.length];
        for (int s = 0; s < p.length; s++) p[s] = greedy(s);
        return p;
    }

    public double[][] values() {
        double[][] copy = new double[q.length][];
        for (int s = 0; s < q.length; s++) copy[s] = q[s].clone();
        return copy;
    }

    /** The first index whose value is within {@code tolerance} of the largest. */
    static int argmaxWithin(double[] values, double tolerance) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : values) best = Math.max(best, v);
        for (int a = 0; a < values.length; a++) if (values[a] >= best - tolerance) return a;
        return 0;
    }
}

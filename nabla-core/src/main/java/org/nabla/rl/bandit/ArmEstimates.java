package org.nabla.rl.bandit;

/** Pull counts and sample-average rewards per arm, updated incrementally: Q ← Q + (r − Q) / n. */
final class ArmEstimates {
    final long[] pulls;
    final double[] means;
    long total;

    ArmEstimates(int arms) {
        if (arms < 1) throw new IllegalArgumentException("bandit policy: needs at least one arm, got " + arms);
        pulls = new long[arms];
        means = new double[arms];
    }

    void update(int arm, double reward) {
        pulls[arm]++;
        total++;
        means[arm] += (reward - means[arm]) / pulls[arm];
    }

    /** The arm of highest {@code scores}, the first one on ties. */
    static int argmax(double[] scores) {
        int best = 0;
        for (int a = 1; a < scores.length; a++) if (scores[a] > scores[best]) best = a;
        return best;
    }
}

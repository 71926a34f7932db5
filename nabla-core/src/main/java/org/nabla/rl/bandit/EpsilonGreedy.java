package org.nabla.rl.bandit;

import org.nabla.tensor.Generator;

/** With probability ε a uniformly random arm, otherwise the arm of highest sample-average reward (ties: a random one of them). */
public final class EpsilonGreedy implements BanditPolicy {
    private final ArmEstimates estimates;
    private final double epsilon;
    private final Generator random;

    public EpsilonGreedy(int arms, double epsilon, Generator random) {
        if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("ε-greedy: ε must be in [0, 1], got " + epsilon);
        this.estimates = new ArmEstimates(arms);
        this.epsilon = epsilon;
        this.random = random;
    }

    @Override
    public int select() {
        int arms = estimates.means.length;
        if (random.nextDouble() < epsilon) return (int) random.nextLong(arms);
        double best = Double.NEGATIVE_INFINITY;
        int count = 0, choice = 0;
        for (int a = 0; a < arms; a++) { // reservoir over the tied best arms
            double q = estimates.means[a];
            if (q > best) {
                best = q;
                count = 1;
                choice = a;
            } else if (q == best && random.nextLong(++count) == 0) choice = a;
        }
        return choice;
    }

    @Override public void update(int arm, double reward) { estimates.update(arm, reward); }

    @Override public String name() { return "ε-greedy (ε=" + epsilon + ")"; }
}

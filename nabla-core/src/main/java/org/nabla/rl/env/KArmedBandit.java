package org.nabla.rl.env;

import org.nabla.tensor.Generator;

/**
 * A k-armed bandit: one state, k actions (arms), each paying a reward drawn around its own mean; an episode never
 * ends by itself. Gaussian arms pay N(q*(a), 1) with q*(a) ~ N(0, 1) (Sutton and Barto's 10-armed testbed);
 * Bernoulli arms pay 1 with probability p(a) ~ U(0, 1), else 0. The means are drawn from the seed given at
 * construction and stay fixed; {@link #reset(long)} seeds the rewards' stream.
 */
public final class KArmedBandit implements Environment<Integer> {
    /** How an arm pays. */
    public enum Kind { GAUSSIAN, BERNOULLI }

    private final Kind kind;
    private final double[] means;
    private final Generator random = new Generator(0);
    private int lastArm = -1;
    private double lastReward;

    public KArmedBandit(Kind kind, double[] means) {
        if (means.length < 1) throw new IllegalArgumentException("bandit: needs at least one arm");
        if (kind == Kind.BERNOULLI)
            for (double p : means) if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bandit: a Bernoulli arm's mean must be in [0, 1], got " + p);
        this.kind = kind;
        this.means = means.clone();
    }

    /** {@code arms} arms with means drawn from {@code seed}: N(0, 1) for Gaussian arms, U(0, 1) for Bernoulli ones. */
    public static KArmedBandit random(Kind kind, int arms, long seed) {
        Generator g = new Generator(seed);
        double[] means = new double[arms];
        for (int a = 0; a < arms; a++) means[a] = kind == Kind.GAUSSIAN ? g.nextGaussian() : g.nextDouble();
        return new KArmedBandit(kind, means);
    }

    public Kind kind() { return kind; }

    public int arms() { return means.length; }

    /** Each arm's expected reward. */
    public double[] means() { return means.clone(); }

    public double mean(int arm) { return means[arm]; }

    /** The best arm's expected reward: the per-step regret of arm a is this minus its mean. */
    public double optimalMean() {
        double best = Double.NEGATIVE_INFINITY;
        for (double m : means) best = Math.max(best, m);
        return best;
    }

    @Override
    public Integer reset(long seed) {
        random.seed(seed);
        return reset();
    }

    @Override
    public Integer reset() {
        lastArm = -1;
        return 0;
    }

    @Override
    public Step<Integer> step(int arm) {
        actionSpace().check(arm, id());
        lastArm = arm;
        lastReward = kind == Kind.GAUSSIAN ? means[arm] + random.nextGaussian() : (random.nextDouble() < means[arm] ? 1 : 0);
        return new Step<>(0, lastReward, false, false);
    }

    @Override public Space.Discrete actionSpace() { return new Space.Discrete(means.length); }

    @Override public Space.Discrete observationSpace() { return new Space.Discrete(1); }

    /** The arms' means, with the last pull marked. */
    @Override
    public String render() {
        StringBuilder b = new StringBuilder();
        for (int a = 0; a < means.length; a++)
            b.append(String.format("%s arm %d  mean %+.3f%n", a == lastArm ? String.format("-> %+.3f", lastReward) : "         ", a, means[a]));
        return b.toString();
    }

    @Override public String id() { return (kind == Kind.GAUSSIAN ? "GaussianBandit-" : "BernoulliBandit-") + means.length; }
}

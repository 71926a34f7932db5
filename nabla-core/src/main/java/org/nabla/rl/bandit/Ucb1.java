package org.nabla.rl.bandit;

/**
 * UCB1 (Auer, Cesa-Bianchi and Fischer, 2002): pull each arm once, then the arm maximising
 * Q(a) + c·sqrt(ln t / N(a)); c = √2 is the paper's bound for rewards in [0, 1].
 */
public final class Ucb1 implements BanditPolicy {
    private final ArmEstimates estimates;
    private final double c;
    private final double[] scores;

    public Ucb1(int arms, double c) {
        if (!(c >= 0)) throw new IllegalArgumentException("UCB1: c must be non-negative, got " + c);
        this.estimates = new ArmEstimates(arms);
        this.c = c;
        this.scores = new double[arms];
    }

    public Ucb1(int arms) { this(arms, Math.sqrt(2)); }

    @Override
    public int select() {
        for (int a = 0; a < scores.length; a++) if (estimates.pulls[a] == 0) return a;
        double logT = Math.log(estimates.total);
        for (int a = 0; a < scores.length; a++) scores[a] = estimates.means[a] + c * Math.sqrt(logT / estimates.pulls[a]);
        return ArmEstimates.argmax(scores);
    }

    @Override public void update(int arm, double reward) { estimates.update(arm, reward); }

    @Override public String name() { return "UCB1 (c=" + String.format("%.3g", c) + ")"; }
}

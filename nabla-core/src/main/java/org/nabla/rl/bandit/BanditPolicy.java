package org.nabla.rl.bandit;

/** A strategy for a k-armed bandit: which arm to pull next, and what it learns from each reward. */
public interface BanditPolicy {
    int select();

    void update(int arm, double reward);

    /** Name and parameters, for logs and plots (e.g. {@code ε-greedy (ε=0.1)}). */
    String name();
}

package org.nabla.rl.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nabla.rl.env.KArmedBandit;
import org.nabla.tensor.Generator;

/** Regret of the three exploration strategies on seeded bandits. */
class BanditPoliciesTest {
    @Test
    void ucb1sRegretGrowsLogarithmicallyAndEndsBelowEpsilonGreedys() {
        KArmedBandit bandit = KArmedBandit.random(KArmedBandit.Kind.GAUSSIAN, 10, 3);
        int steps = 20_000;
        RegretCurve greedy = RegretCurve.run(bandit, new EpsilonGreedy(10, 0.1, new Generator(1)), steps, 9);
        RegretCurve ucb = RegretCurve.run(bandit, new Ucb1(10), steps, 9);
        assertThat(ucb.finalRegret()).isLessThan(greedy.finalRegret());
        RegretCurve.LogFit fit = ucb.logFit(100);
        assertThat(fit.r2()).as("UCB1's regret against ln t").isGreaterThan(0.9);
        assertThat(fit.slope()).isPositive();
        // ε-greedy's regret grows linearly: its last half adds a large share of its first (a log curve adds ln 2 / ln(n/2) ≈ 7%).
        double[] r = greedy.cumulativeRegret();
        assertThat(r[steps - 1] - r[steps / 2 - 1]).isGreaterThan(0.4 * r[steps / 2 - 1]);
        double[] u = ucb.cumulativeRegret();
        assertThat(u[steps - 1] - u[steps / 2 - 1]).isLessThan(0.3 * u[steps / 2 - 1]);
    }

    @Test
    void thompsonSamplingSettlesOnTheBestArmOfBothKinds() {
        KArmedBandit bernoulli = new KArmedBandit(KArmedBandit.Kind.BERNOULLI, new double[] {0.3, 0.5, 0.7, 0.4});
        RegretCurve beta = RegretCurve.run(bernoulli, new ThompsonSampling(4, KArmedBandit.Kind.BERNOULLI, new Generator(2)), 5_000, 4);
        // Always pulling the worst arm would cost 0.4 per step; Thompson's total stays a small multiple of ln t.
        assertThat(beta.finalRegret()).isLessThan(60);
        KArmedBandit gaussian = KArmedBandit.random(KArmedBandit.Kind.GAUSSIAN, 5, 8);
        ThompsonSampling ts = new ThompsonSampling(5, KArmedBandit.Kind.GAUSSIAN, new Generator(3));
        RegretCurve normal = RegretCurve.run(gaussian, ts, 5_000, 4);
        double[] r = normal.cumulativeRegret();
        assertThat(r[4_999] - r[3_999]).as("regret of the last 1,000 pulls").isLessThan(0.05 * 1_000);
        assertThat(normal.rewards()).hasSize(5_000);
    }
}

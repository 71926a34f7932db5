package org.nabla.rl.bandit;

import org.nabla.rl.env.KArmedBandit;
import org.nabla.tensor.Generator;

/**
 * Thompson sampling: draw each arm's mean from its posterior and pull the arm of highest draw. Bernoulli arms keep
 * a Beta(1 + successes, 1 + failures) posterior; Gaussian arms of unit variance a normal posterior
 * N(Σr / (n + 1), 1 / (n + 1)) from a N(0, 1) prior.
 */
public final class ThompsonSampling implements BanditPolicy {
    private final KArmedBandit.Kind kind;
    private final long[] pulls;
    private final double[] sums;
    private final double[] draws;
    private final Generator random;

    public ThompsonSampling(int arms, KArmedBandit.Kind kind, Generator random) {
        new ArmEstimates(arms); // checks the count
        this.kind = kind;
        this.pulls = new long[arms];
        this.sums = new double[arms];
        this.draws = new double[arms];
        this.random = random;
    }

    @Override
    public int select() {
        for (int a = 0; a < draws.length; a++) {
            draws[a] = kind == KArmedBandit.Kind.BERNOULLI
                    ? beta(1 + sums[a], 1 + pulls[a] - sums[a])
                    : sums[a] / (pulls[a] + 1) + random.nextGaussian() / Math.sqrt(pulls[a] + 1);
        }
        return ArmEstimates.argmax(draws);
    }

    @Override
    public void update(int arm, double reward) {
        pulls[arm]++;
        sums[arm] += reward;
    }

    /** Beta(a, b) as X / (X + Y) of two gamma draws. */
    private double beta(double a, double b) {
        double x = gamma(a), y = gamma(b);
        return x / (x + y);
    }

    /** Gamma(shape ≥ 1, 1) by Marsaglia and Tsang's squeeze method. */
    private double gamma(double shape) {
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = random.nextGaussian(), v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
        }
    }

    @Override public String name() { return "Thompson sampling (" + (kind == KArmedBandit.Kind.BERNOULLI ? "Beta" : "Gaussian") + " posterior)"; }
}

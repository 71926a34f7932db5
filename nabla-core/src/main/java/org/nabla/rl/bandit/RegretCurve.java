package org.nabla.rl.bandit;

import org.nabla.rl.env.KArmedBandit;

/**
 * One run of a policy on a bandit: the cumulative (pseudo-)regret after each step, Σ (μ* − μ(a_t)) — the expected
 * reward lost to not pulling the best arm, free of the rewards' noise — and the rewards received.
 */
public record RegretCurve(String policy, double[] cumulativeRegret, double[] rewards) {
    /** Runs {@code policy} for {@code steps} pulls of {@code bandit} (reset with {@code seed}). */
    public static RegretCurve run(KArmedBandit bandit, BanditPolicy policy, int steps, long seed) {
        if (steps < 1) throw new IllegalArgumentException("bandit run: steps must be positive, got " + steps);
        bandit.reset(seed);
        double best = bandit.optimalMean(), regret = 0;
        double[] cumulative = new double[steps], rewards = new double[steps];
        for (int t = 0; t < steps; t++) {
            int arm = policy.select();
            double r = bandit.step(arm).reward();
            policy.update(arm, r);
            regret += best - bandit.mean(arm);
            cumulative[t] = regret;
            rewards[t] = r;
        }
        return new RegretCurve(policy.name(), cumulative, rewards);
    }

    public double finalRegret() { return cumulativeRegret[cumulativeRegret.length - 1]; }

    /** Least-squares fit of R(t) = a + b·ln t over steps t = from..n (1-based), with its coefficient of determination. */
    public LogFit logFit(int from) {
        int n = cumulativeRegret.length;
        if (from < 1 || from >= n) throw new IllegalArgumentException("log fit: from must be in [1, " + (n - 1) + "], got " + from);
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = n - from + 1;
        for (int t = from; t <= n; t++) {
            double x = Math.log(t), y = cumulativeRegret[t - 1];
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double b = (m * sxy - sx * sy) / (m * sxx - sx * sx), a = (sy - b * sx) / m;
        double mean = sy / m, total = 0, residual = 0;
        for (int t = from; t <= n; t++) {
            double y = cumulativeRegret[t - 1], f = a + b * Math.log(t);
            total += (y - mean) * (y - mean);
            residual += (y - f) * (y - f);
        }
        return new LogFit(a, b, total == 0 ? 1 : 1 - residual / total);
    }

    /** R(t) ≈ a + b·ln t, and how much of the curve's variance it explains. */
    public record LogFit(double intercept, double slope, double r2) {
        public double at(double t) { return intercept + slope * Math.log(t); }
    }
}

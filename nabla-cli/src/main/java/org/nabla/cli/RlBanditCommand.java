package org.nabla.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.rl.bandit.BanditPolicy;
import org.nabla.rl.bandit.EpsilonGreedy;
import org.nabla.rl.bandit.RegretCurve;
import org.nabla.rl.bandit.ThompsonSampling;
import org.nabla.rl.bandit.Ucb1;
import org.nabla.rl.env.KArmedBandit;
import org.nabla.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nabla rl bandit}: ε-greedy, UCB1 and Thompson sampling on one k-armed bandit (its means drawn from the
 * seed), each for {@code --steps} pulls; writes regret.csv, regret.png (with UCB1's fit a + b·ln t) and summary.json.
 */
@Command(name = "bandit", mixinStandardHelpOptions = true, description = "Exploration on a k-armed bandit: ε-greedy, UCB1, Thompson sampling; regret curves.")
final class RlBanditCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RlOptions o;

    @Option(names = "--epsilon", paramLabel = "E", defaultValue = "0.1", description = "ε of ε-greedy. Default: ${DEFAULT-VALUE}.")
    double epsilon;

    /** Rows of regret.csv (and points of the chart). */
    private static final int ROWS = 2000;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        RlEnvironment env = o.environment("bandit").require("bandit", "bandit");
        long steps = o.steps(100_000);
        if (steps > 50_000_000) throw new UsageError("--steps: at most 50,000,000 pulls, got " + steps);
        RlRun run = new RlRun(o.out, "bandit", env);
        KArmedBandit bandit = env.bandit(o.seed);
        int k = bandit.arms();
        List<BanditPolicy> policies = List.of(new EpsilonGreedy(k, epsilon, new Generator(o.seed + 1)), new Ucb1(k),
                new ThompsonSampling(k, bandit.kind(), new Generator(o.seed + 2)));
        Map<String, RegretCurve> curves = new LinkedHashMap<>();
        for (BanditPolicy p : policies) curves.put(p.name(), RegretCurve.run(bandit, p, (int) steps, o.seed + 100));
        RegretCurve ucb = curves.get(policies.get(1).name());
        RegretCurve.LogFit fit = ucb.logFit((int) Math.min(100, steps - 1));

        int rows = (int) Math.min(ROWS, steps), n = (int) steps;
        double[] x = new double[rows], fitted = new double[rows];
        Map<String, double[]> sampled = new LinkedHashMap<>();
        curves.forEach((name, c) -> sampled.put(name, new double[rows]));
        StringBuilder csv = new StringBuilder("step");
        for (BanditPolicy p : policies) csv.append(',').append(csvName(p.name()));
        csv.append(",ucb1_log_fit\n");
        for (int r = 0; r < rows; r++) {
            int t = (int) Math.round(Math.pow(n, (double) (r + 1) / rows)); // 1-based steps spread evenly on a log axis
            if (r > 0 && t <= x[r - 1]) t = (int) Math.min(n, x[r - 1] + 1);
            x[r] = t;
            fitted[r] = fit.at(t);
            csv.append(t);
            for (Map.Entry<String, RegretCurve> e : curves.entrySet()) {
                double v = e.getValue().cumulativeRegret()[t - 1];
                sampled.get(e.getKey())[r] = v;
                csv.append(',').append(v);
            }
            csv.append(',').append(fitted[r]).append('\n');
        }
        run.write("regret.csv", csv.toString());
        String fitLabel = String.format(java.util.Locale.ROOT, "UCB1 fit %.1f + %.1f ln t (R² %.4f)", fit.intercept(), fit.slope(), fit.r2());
        Plots.regret(String.format(java.util.Locale.ROOT, "Cumulative regret, %s, %,d steps", bandit.id(), steps), x, sampled, fitLabel, fitted,
                run.dir().resolve("regret.png"));

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("steps", steps);
        summary.put("arm_means", RlRun.list(bandit.means()));
        Map<String, Object> finals = new LinkedHashMap<>();
        curves.forEach((name, c) -> finals.put(name, c.finalRegret()));
        summary.put("final_regret", finals);
        summary.put("ucb1_log_fit", Map.of("intercept", fit.intercept(), "slope", fit.slope(), "r2", fit.r2(), "from_step", Math.min(100, steps - 1)));
        run.writeAgent("bandit", env, Map.of());
        run.writeSummary("bandit", env, bandit.id(), o.seed, summary);
        for (Map.Entry<String, RegretCurve> e : curves.entrySet())
            out.printf(java.util.Locale.ROOT, "%-36s final regret %,.1f%n", e.getKey(), e.getValue().finalRegret());
        out.printf(java.util.Locale.ROOT, "UCB1 regret ~ %.1f + %.1f ln t (R² %.4f over steps %d..%d)%n", fit.intercept(), fit.slope(), fit.r2(),
                Math.min(100, steps - 1), steps);
        out.println("run folder: " + run.dir());
        return 0;
    }

    private static String csvName(String policy) {
        return policy.startsWith("ε") ? "epsilon_greedy" : policy.startsWith("UCB1") ? "ucb1" : "thompson";
    }
}

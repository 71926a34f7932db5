package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;

/**
 * Grid search against random search with the same number of trials over the learning rate (which matters) and the
 * weight decay (which hardly does here), each trial one epoch of a 784-64-10 MLP on MNIST, scored on held-out images.
 */
final class SearchLab implements Lab {
    static final double LR_LO = 1e-4, LR_HI = 1, WD_LO = 1e-6, WD_HI = 1e-2;

    @Override
    public String claim() {
        return "At an equal budget, random search finds as good a configuration as grid search or better when some hyperparameters "
                + "matter more than others (Bergstra & Bengio 2012): a 3×3 grid tries only 3 learning rates, 9 random trials try 9.";
    }

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest d = LabData.mnistStandardized(run.size(5_000, 800), run.size(1_000, 300), run.seed());
        int side = run.size(3, 2), budget = side * side;
        List<double[]> grid = new ArrayList<>(), random = new ArrayList<>();
        for (int i = 0; i < side; i++)
            for (int j = 0; j < side; j++) grid.add(new double[] {logAt(LR_LO, LR_HI, i / (side - 1.0)), logAt(WD_LO, WD_HI, j / (side - 1.0))});
        Generator g = new Generator(run.seed() + 11);
        for (int i = 0; i < budget; i++) random.add(new double[] {logAt(LR_LO, LR_HI, g.nextDouble()), logAt(WD_LO, WD_HI, g.nextDouble())});
        LabReport report = new LabReport("hyperparameter search", claim()).columns("search", "trials", "distinct learning rates", "best learning rate",
                "best weight decay", "best held-out accuracy");
        double[] best = new double[2];
        List<Charts.Series> points = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            List<double[]> trials = s == 0 ? grid : random;
            double[] lrs = new double[budget], accs = new double[budget];
            double[] top = null;
            for (int t = 0; t < budget; t++) {
                double[] h = trials.get(t);
                Module m = Nets.mlp(ReLU::new, new Generator(run.seed()), 784, 64, 10);
                Fit.Curve c = Fit.train(m, new SGD(m.parameters(), SGD.Options.defaults().withLr(h[0]).withMomentum(0.9).withWeightDecay(h[1])), d.train(),
                        d.test(), Fit.Plan.of(1, 64), run.seed());
                lrs[t] = h[0];
                accs[t] = c.diverged() ? 0 : c.lastTestAccuracy();
                if (top == null || accs[t] > top[2]) top = new double[] {h[0], h[1], accs[t]};
            }
            best[s] = top[2];
            points.add(Charts.Series.points(s == 0 ? "grid" : "random", lrs, accs));
            report.row(s == 0 ? "grid " + side + "×" + side : "random", budget, java.util.Arrays.stream(lrs).distinct().count(), top[0], top[1], LabReport.pct(top[2]));
        }
        Charts.lines(run.png("trials"), "Held-out accuracy of each trial against its learning rate", "learning rate (log)", "accuracy", points, true, false);
        report.figure(run.png("trials"), "Trials of both searches");
        return report.verdict(best[1] >= best[0], String.format(java.util.Locale.ROOT, "Best held-out accuracy: grid %s, random %s with %d trials each.",
                LabReport.pct(best[0]), LabReport.pct(best[1]), budget));
    }

    private static double logAt(double lo, double hi, double t) { return Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))); }
}

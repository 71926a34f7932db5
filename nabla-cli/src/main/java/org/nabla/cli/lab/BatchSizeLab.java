package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;

/** Batches of 16, 128 and 1024 at the same rate and epochs. */
final class BatchSizeLab implements Lab {
    @Override
    public String claim() {
        return "At the same learning rate and number of epochs, larger batches take fewer steps and end at a higher loss (unless the rate "
                + "grows with the batch); smaller batches give noisier step losses but more updates.";
    }

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest data = LabData.mnistStandardized(run.size(10_000, 1_000), run.size(2_000, 500), run.seed());
        int[] batches = {16, 128, 1024};
        LabReport report = new LabReport("batch size", claim()).columns("batch", "steps", "final train loss", "test accuracy", "step-loss noise");
        List<Charts.Series> curves = new ArrayList<>();
        double[] loss = new double[3], noise = new double[3];
        for (int i = 0; i < 3; i++) {
            Module m = Nets.mlp(ReLU::new, new Generator(run.seed()), 784, 128, 10);
            Fit.Curve c = Fit.train(m, new SGD(m.parameters(), SGD.Options.defaults().withLr(0.02).withMomentum(0.9)), data.train(), data.test(),
                    Fit.Plan.of(run.size(2, 1), batches[i]), run.seed());
            loss[i] = c.lastTrainLoss();
            noise[i] = noise(c.steps());
            double[] s = c.steps(), x = new double[s.length];
            for (int j = 0; j < s.length; j++) x[j] = (j + 1.0) * batches[i] / data.train().size();
            curves.add(Charts.Series.line("batch " + batches[i], x, s));
            report.row(batches[i], s.length, loss[i], LabReport.pct(c.lastTestAccuracy()), noise[i]);
        }
        Charts.lines(run.png("loss"), "MNIST training loss against epochs, per batch size", "epoch", "cross-entropy", curves, false, true);
        report.figure(run.png("loss"), "Step losses against the epoch");
        report.note("Step-loss noise: the standard deviation of the difference between consecutive step losses over the second half of the run.");
        boolean confirmed = loss[0] < loss[1] && loss[1] < loss[2] && noise[0] > noise[2];
        return report.verdict(confirmed, String.format(java.util.Locale.ROOT, "Final training loss %s / %s / %s for batches 16 / 128 / 1024; "
                + "step-loss noise %s / %s / %s.", LabReport.f(loss[0]), LabReport.f(loss[1]), LabReport.f(loss[2]), LabReport.f(noise[0]),
                LabReport.f(noise[1]), LabReport.f(noise[2])));
    }

    /** The standard deviation of consecutive differences over the second half of {@code s}. */
    static double noise(double[] s) {
        int from = s.length / 2;
        double sum = 0, sq = 0;
        int n = 0;
        for (int i = Math.max(1, from); i < s.length; i++) {
            double d = s[i] - s[i - 1];
            sum += d;
            sq += d * d;
            n++;
        }
        return n < 2 ? 0 : Math.sqrt(Math.max(0, sq / n - (sum / n) * (sum / n)));
    }
}

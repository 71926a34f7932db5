package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;

/** An 8-layer ReLU MLP (7 hidden layers of 128), with and without batch norm, at learning rates 0.01 and 0.2 (plain SGD). */
final class BatchNormLab implements Lab {
    @Override
    public String claim() {
        return "Batch normalisation keeps each layer's inputs standardised, so a deep net trains faster (lower loss after the same steps) "
                + "and tolerates higher learning rates.";
    }

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest d = LabData.mnistStandardized(run.size(10_000, 1_000), run.size(2_000, 500), run.seed());
        double[] rates = {0.01, 0.2};
        int[] widths = {784, 128, 128, 128, 128, 128, 128, 128, 10};
        LabReport report = new LabReport("batch norm", claim()).columns("net", "learning rate", "final train loss", "test accuracy");
        List<Charts.Series> curves = new ArrayList<>();
        double[][] loss = new double[2][2];
        for (int r = 0; r < 2; r++)
            for (int bn = 0; bn < 2; bn++) {
                Module m = Nets.mlp(widths, ReLU::new, bn == 1, 0, new Generator(run.seed()));
                Fit.Curve c = Fit.train(m, new SGD(m.parameters(), rates[r]), d.train(), d.test(), Fit.Plan.of(run.size(1, 1), 64), run.seed());
                loss[r][bn] = c.diverged() ? Double.POSITIVE_INFINITY : c.lastTrainLoss();
                String name = (bn == 1 ? "batch norm" : "plain") + ", lr " + rates[r];
                curves.add(Charts.Series.line(name, Fit.every(c.stepLoss(), 5)));
                report.row(bn == 1 ? "with batch norm" : "plain", rates[r], c.diverged() ? "diverged" : LabReport.f(loss[r][bn]),
                        c.diverged() ? "-" : LabReport.pct(c.lastTestAccuracy()));
            }
        Charts.lines(run.png("loss"), "Training loss of a deep MLP with and without batch norm", "step / 5", "cross-entropy (log)", curves, false, true);
        report.figure(run.png("loss"), "Training loss per step");
        boolean confirmed = loss[0][1] < loss[0][0] && loss[1][1] < loss[1][0];
        return report.verdict(confirmed, String.format(java.util.Locale.ROOT, "Final training loss at lr 0.01: plain %s, batch norm %s; at lr 0.2: plain %s, batch norm %s.",
                LabReport.f(loss[0][0]), LabReport.f(loss[0][1]), LabReport.f(loss[1][0]), LabReport.f(loss[1][1])));
    }
}

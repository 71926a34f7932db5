package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.init.Init;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;

/** An 8-layer ReLU MLP (7 hidden layers of 128, He initialisation), with and without batch norm, at learning rates 0.01 and 0.2 (plain SGD). */
final class BatchNormLab implements Lab {
    private static final int LAST = 50;

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
        LabReport report = new LabReport("batch norm", claim()).columns("net", "learning rate", "training loss, last " + LAST + " steps",
                "train loss (eval mode)", "test accuracy");
        List<Charts.Series> curves = new ArrayList<>();
        double[][] loss = new double[2][2];
        for (int r = 0; r < 2; r++)
            for (int bn = 0; bn < 2; bn++) {
                Generator g = new Generator(run.seed());
                Module m = Nets.mlp(widths, ReLU::new, bn == 1, 0, g);
                for (Linear l : Nets.linears(m)) {
                    Init.kaimingNormal(l.weight, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, g);
                    Init.zeros(l.bias);
                }
                Fit.Curve c = Fit.train(m, new SGD(m.parameters(), rates[r]), d.train(), d.test(), Fit.Plan.of(run.size(2, 1), 64), run.seed());
                List<Double> s = c.stepLoss();
                loss[r][bn] = c.diverged() ? Double.POSITIVE_INFINITY : s.subList(Math.max(0, s.size() - LAST), s.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                String name = (bn == 1 ? "batch norm" : "plain") + ", lr " + rates[r];
                curves.add(Charts.Series.line(name, Fit.every(c.stepLoss(), 5)));
                report.row(bn == 1 ? "with batch norm" : "plain", rates[r], c.diverged() ? "diverged at step " + s.size() : LabReport.f(loss[r][bn]),
                        c.diverged() ? "-" : LabReport.f(c.lastTrainLoss()), c.diverged() ? "-" : LabReport.pct(c.lastTestAccuracy()));
            }
        Charts.lines(run.png("loss"), "Training loss of a deep MLP with and without batch norm", "step / 5", "cross-entropy (log)", curves, false, true);
        report.figure(run.png("loss"), "Training loss per step");
        report.note("Both nets start from He initialisation (biases 0), so the plain net is not handicapped by the Linear default "
                + "(variance 1/(3 fan-in), under which a deep ReLU net's signal fades and it does not train at all); plain SGD, batch 64. The "
                + "verdict asks that batch norm end lower at the high rate and at its best rate than the plain net at its best, comparing the "
                + "training loss of the last " + LAST + " steps (train mode, as plotted); the eval-mode column uses batch norm's running averages.");
        double plainBest = Math.min(loss[0][0], loss[1][0]), bnBest = Math.min(loss[0][1], loss[1][1]);
        boolean confirmed = loss[1][1] < loss[1][0] && bnBest < plainBest;
        return report.verdict(confirmed, String.format(java.util.Locale.ROOT, "Training loss of the last %d steps at lr 0.01: plain %s, batch norm %s; "
                + "at lr 0.2: plain %s, batch norm %s. Best of the two rates: plain %s, batch norm %s%s.", LAST, LabReport.f(loss[0][0]),
                LabReport.f(loss[0][1]), LabReport.f(loss[1][0]), LabReport.f(loss[1][1]), LabReport.f(plainBest), LabReport.f(bnBest),
                loss[0][1] < loss[0][0] ? "" : "; at the low rate the He-initialised plain net was ahead: batch norm's gain here is the higher "
                        + "rate it can use"));
    }
}

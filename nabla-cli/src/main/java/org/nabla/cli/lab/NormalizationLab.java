package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;

/** The same MLP and rate on raw pixels (0-255), pixels scaled to [0, 1], and standardised pixels. */
final class NormalizationLab implements Lab {
    @Override
    public String claim() {
        return "Unnormalised inputs (pixels 0-255) make the loss surface badly conditioned: a rate that suits normalised inputs makes "
                + "training diverge or stall; scaling helps, and standardising (zero mean, unit variance) trains fastest.";
    }

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest d = LabData.mnist(run.size(10_000, 1_000), run.size(2_000, 500), run.seed());
        String[] names = {"raw 0-255", "scaled [0, 1]", "standardised"};
        LabData.TrainTest[] inputs = {new LabData.TrainTest(d.train().withX(d.train().x().mul(255)), d.test().withX(d.test().x().mul(255))), d,
                new LabData.TrainTest(LabData.standardize(d.train()), LabData.standardize(d.test()))};
        LabReport report = new LabReport("input normalisation", claim()).columns("inputs", "loss after 50 steps", "final train loss", "test accuracy");
        List<Charts.Series> curves = new ArrayList<>();
        double[] early = new double[3], accuracy = new double[3];
        for (int i = 0; i < 3; i++) {
            Module m = Nets.mlp(ReLU::new, new Generator(run.seed()), 784, 128, 10);
            Fit.Curve c = Fit.train(m, new SGD(m.parameters(), SGD.Options.defaults().withLr(0.01).withMomentum(0.9)), inputs[i].train(), inputs[i].test(),
                    Fit.Plan.of(run.size(2, 1), 64), run.seed());
            double[] s = c.steps();
            early[i] = c.diverged() && s.length <= 50 ? Double.NaN : java.util.Arrays.stream(s, Math.max(0, Math.min(40, s.length - 10)), Math.min(50, s.length)).average().orElse(Double.NaN);
            accuracy[i] = c.diverged() ? Double.NaN : c.lastTestAccuracy();
            curves.add(Charts.Series.line(names[i], Fit.every(c.stepLoss(), 5)));
            report.row(names[i], early[i], c.diverged() ? "diverged at step " + s.length : LabReport.f(c.lastTrainLoss()),
                    Double.isNaN(accuracy[i]) ? "-" : LabReport.pct(accuracy[i]));
        }
        Charts.lines(run.png("loss"), "MNIST training loss by input scaling (SGD 0.01, momentum 0.9)", "step / 5", "cross-entropy (log)", curves, false, true);
        report.figure(run.png("loss"), "Training loss per input scaling");
        boolean rawBad = Double.isNaN(accuracy[0]) || accuracy[0] < accuracy[1] - 0.02;
        boolean standardFastest = early[2] <= early[1];
        return report.verdict(rawBad && standardFastest, String.format(java.util.Locale.ROOT,
                "Raw pixels: %s; loss around step 50: scaled %s, standardised %s; test accuracy scaled %s, standardised %s.",
                Double.isNaN(accuracy[0]) ? "diverged" : "test accuracy " + LabReport.pct(accuracy[0]), LabReport.f(early[1]), LabReport.f(early[2]),
                LabReport.pct(accuracy[1]), LabReport.pct(accuracy[2])));
    }
}

package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;

/** Plain SGD on MNIST at 1e-4, 0.1 and 10. */
final class LearningRateLab implements Lab {
    @Override
    public String claim() {
        return "A learning rate too low barely moves the loss; a good one brings it down quickly; one too high makes the loss "
                + "oscillate or diverge.";
    }

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest data = LabData.mnistStandardized(run.size(10_000, 1_000), run.size(2_000, 500), run.seed());
        double[] rates = {1e-4, 0.1, 10};
        String[] names = {"too low (1e-4)", "good (0.1)", "too high (10)"};
        LabReport report = new LabReport("learning rate", claim()).columns("learning rate", "first step loss", "final train loss", "test accuracy");
        List<Charts.Series> curves = new ArrayList<>();
        double[] finals = new double[3];
        double first = Double.NaN;
        for (int i = 0; i < 3; i++) {
            Module m = Nets.mlp(ReLU::new, new Generator(run.seed()), 784, 128, 10);
            Fit.Curve c = Fit.train(m, new SGD(m.parameters(), rates[i]), data.train(), data.test(), Fit.Plan.of(run.size(2, 1), 64), run.seed());
            first = c.stepLoss().getFirst();
            finals[i] = c.lastTrainLoss();
            curves.add(Charts.Series.line(names[i], Fit.every(c.stepLoss(), 5)));
            report.row(names[i], c.stepLoss().getFirst(), c.diverged() ? "diverged at step " + c.stepLoss().size() : LabReport.f(finals[i]),
                    c.diverged() ? "-" : LabReport.pct(c.lastTestAccuracy()));
        }
        Charts.lines(run.png("loss"), "MNIST training loss at three learning rates (mean of 5 steps)", "step / 5", "cross-entropy", curves, false, true);
        report.figure(run.png("loss"), "Training loss per step");
        boolean low = finals[0] > 0.8 * first, good = finals[1] < 0.3 * first, high = Double.isNaN(finals[2]) || finals[2] > finals[1] * 2;
        return report.verdict(low && good && high, String.format(java.util.Locale.ROOT,
                "From a first loss of %s: 1e-4 ends at %s (%s), 0.1 at %s, 10 %s.", LabReport.f(first), LabReport.f(finals[0]),
                low ? "barely moved" : "moved more than 20%", LabReport.f(finals[1]), Double.isNaN(finals[2]) ? "diverged (NaN)" : "at " + LabReport.f(finals[2])));
    }
}

package org.nabla.cli.lab;

import org.nabla.data.augment.Augment;
import org.nabla.data.augment.Augmentation;
import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.optim.Adam;
import org.nabla.tensor.Generator;

/** LeNet-5 on 1,000 MNIST images, with and without random shifts and rotations. */
final class AugmentationLab implements Lab {
    static final String SPEC = "translate:0.1,rotate:10";

    @Override
    public String claim() {
        return "On a small training set, augmenting the images with label-preserving transformations (here random shifts of up to 10% and "
                + "rotations of up to 10 degrees) improves test accuracy and narrows the gap between training and test accuracy.";
    }

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest d = LabData.mnistStandardized(run.size(1_000, 200), run.size(2_000, 500), run.seed());
        int epochs = run.size(15, 3);
        LabReport report = new LabReport("data augmentation", claim()).columns("training", "train accuracy", "test accuracy", "gap (points)");
        double[] test = new double[2], gap = new double[2];
        java.util.List<Charts.Series> curves = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Module m = Models.lenet5(new Generator(run.seed()));
            Fit.Plan plan = Fit.Plan.of(epochs, 32);
            if (i == 1) {
                Augmentation a = Augment.parse(SPEC);
                Generator g = new Generator(run.seed() + 7);
                plan = plan.withAugment(x -> a.apply(x, g));
            }
            Fit.Curve c = Fit.train(m, new Adam(m.parameters(), Adam.Options.defaults().withLr(1e-3)), d.train(), d.test(), plan, run.seed());
            test[i] = c.lastTestAccuracy();
            gap[i] = c.lastTrainAccuracy() - test[i];
            String name = i == 0 ? "none" : SPEC;
            curves.add(Charts.Series.line(name, c.testAccuracy().stream().mapToDouble(Double::doubleValue).toArray()));
            report.row(name, LabReport.pct(c.lastTrainAccuracy()), LabReport.pct(test[i]), String.format(java.util.Locale.ROOT, "%.2f", 100 * gap[i]));
        }
        Charts.lines(run.png("test-accuracy"), "Test accuracy per epoch, LeNet-5 on " + d.train().size() + " images", "epoch", "test accuracy", curves, false, false);
        report.figure(run.png("test-accuracy"), "Test accuracy with and without augmentation");
        return report.verdict(test[1] > test[0] && gap[1] < gap[0], String.format(java.util.Locale.ROOT,
                "Test accuracy %s without, %s with augmentation; gap %.2f vs %.2f points.", LabReport.pct(test[0]), LabReport.pct(test[1]), 100 * gap[0], 100 * gap[1]));
    }
}

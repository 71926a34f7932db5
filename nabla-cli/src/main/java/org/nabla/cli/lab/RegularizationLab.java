package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;

/** A 784-256-256-10 MLP on 1,000 MNIST images for many epochs: no regulariser, L2, dropout, early stopping. */
final class RegularizationLab implements Lab {
    @Override
    public String claim() {
        return "Trained long on few examples, a large net memorises them: training accuracy reaches 100% while test accuracy stays far "
                + "below (a generalisation gap). L2 weight decay, dropout and early stopping each narrow the gap.";
    }

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest d = LabData.mnistStandardized(run.size(1_200, 300), run.size(2_000, 500), run.seed());
        int n = d.train().size(), val = n / 6;
        LabData.Split train = d.train().rows(java.util.stream.IntStream.range(val, n).toArray()), validation = d.train().rows(java.util.stream.IntStream.range(0, val).toArray());
        int epochs = run.size(60, 8);
        String[] names = {"none", "L2 (weight decay 5e-3)", "dropout 0.5", "early stopping (patience 5)"};
        LabReport report = new LabReport("regularisation", claim()).columns("regulariser", "epochs", "train accuracy", "test accuracy", "accuracy gap (points)",
                "train loss", "test loss", "loss gap");
        List<Charts.Series> curves = new ArrayList<>();
        double[] gap = new double[4], lossGap = new double[4];
        for (int i = 0; i < 4; i++) {
            Generator g = new Generator(run.seed());
            Module m = Nets.mlp(new int[] {784, 256, 256, 10}, ReLU::new, false, i == 2 ? 0.5 : 0, g);
            SGD opt = new SGD(m.parameters(), SGD.Options.defaults().withLr(0.02).withMomentum(0.9).withWeightDecay(i == 1 ? 5e-3 : 0));
            Fit.Plan plan = Fit.Plan.of(epochs, 32);
            if (i == 3) plan = plan.withStop(c -> {
                int best = 0;
                for (int e = 1; e < c.testLoss().size(); e++) if (c.testLoss().get(e) < c.testLoss().get(best)) best = e;
                return c.testLoss().size() - 1 - best >= 5;
            });
            Fit.Curve c = Fit.train(m, opt, train, i == 3 ? validation : null, plan, run.seed());
            double[] tr = Fit.evaluate(m, train, plan.loss()), te = Fit.evaluate(m, d.test(), plan.loss());
            double trainAcc = tr[1], testAcc = te[1];
            gap[i] = trainAcc - testAcc;
            lossGap[i] = te[0] - tr[0];
            curves.add(Charts.Series.line(names[i], c.trainAccuracy().stream().mapToDouble(Double::doubleValue).toArray()));
            report.row(names[i], c.trainAccuracy().size(), LabReport.pct(trainAcc), LabReport.pct(testAcc), String.format(java.util.Locale.ROOT, "%.2f", 100 * gap[i]),
                    tr[0], te[0], lossGap[i]);
        }
        Charts.lines(run.png("train-accuracy"), "Training accuracy per epoch (" + train.size() + " images)", "epoch", "training accuracy", curves, false, false);
        report.figure(run.png("train-accuracy"), "Training accuracy per epoch");
        report.note("Early stopping watches the loss on " + val + " held-out training images and stops 5 epochs after its best (keeping the "
                + "last weights). The generalisation gap is judged on the loss minimised (test − train cross-entropy, the gap between "
                + "expected and empirical risk): with " + train.size() + " images every variant but early stopping reaches 100% training "
                + "accuracy and MNIST's test accuracy hardly moves, so the accuracy gap (shown too) says little; the unregularised net's "
                + "memorisation shows as a training loss near 0 and a test loss that grows as it grows over-confident.");
        boolean confirmed = lossGap[0] > 0.1 && lossGap[1] < lossGap[0] && lossGap[2] < lossGap[0] && lossGap[3] < lossGap[0];
        return report.verdict(confirmed, String.format(java.util.Locale.ROOT, "Generalisation gap (test − train cross-entropy): none %s, L2 %s, "
                + "dropout %s, early stopping %s; in accuracy (train − test): %.2f, %.2f, %.2f, %.2f points.", LabReport.f(lossGap[0]),
                LabReport.f(lossGap[1]), LabReport.f(lossGap[2]), LabReport.f(lossGap[3]), 100 * gap[0], 100 * gap[1], 100 * gap[2], 100 * gap[3]));
    }
}

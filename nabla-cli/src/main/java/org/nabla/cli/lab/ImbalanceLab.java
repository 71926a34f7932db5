package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.loss.BCEWithLogitsLoss;
import org.nabla.nn.loss.FocalLoss;
import org.nabla.nn.loss.Reduction;
import org.nabla.optim.Adam;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** MNIST 3s against rare 5s (1 in 50) with one logit: plain, weighted loss, re-sampling, focal loss; judged on balanced test data. */
final class ImbalanceLab implements Lab {
    @Override
    public String claim() {
        return "With a rare class, plain training favours the common one: accuracy looks high while the rare class's recall is poor. "
                + "Weighting the loss by inverse frequency, re-sampling the rare class, or a focal loss raise the rare class's recall and the "
                + "balanced accuracy.";
    }

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest d = LabData.mnistStandardized(run.size(24_000, 6_000), run.size(4_000, 1_000), run.seed());
        int common = run.size(2_000, 500), rare = common / 50;
        int[] threes = LabData.withLabels(d.train(), 3), fives = LabData.withLabels(d.train(), 5);
        int[] rows = new int[common + rare];
        System.arraycopy(threes, 0, rows, 0, common);
        System.arraycopy(fives, 0, rows, common, rare);
        LabData.Split train = binary(d.train().rows(rows)), test = binary(d.test().rows(LabData.withLabels(d.test(), 3, 5)));
        int[] oversampled = new int[2 * common];
        for (int i = 0; i < common; i++) { oversampled[i] = i; oversampled[common + i] = common + i % rare; }
        String[] names = {"plain", "weighted loss (pos_weight " + common / rare + ")", "re-sampling (rare class repeated to balance)", "focal loss (α 0.75, γ 2)"};
        LabReport report = new LabReport("class imbalance", claim()).columns("training", "accuracy", "recall of the rare 5s", "recall of the 3s", "balanced accuracy");
        double[] balanced = new double[4], recall = new double[4];
        for (int k = 0; k < 4; k++) {
            Module m = Nets.mlp(ReLU::new, new Generator(run.seed()), 784, 64, 1);
            var loss = switch (k) {
                case 1 -> new BCEWithLogitsLoss(null, Tensor.of(new float[] {common / (float) rare}, 1), Reduction.MEAN);
                case 3 -> new FocalLoss(0.75, 2, Reduction.MEAN);
                default -> new BCEWithLogitsLoss();
            };
            LabData.Split data = k == 2 ? train.rows(oversampled) : train;
            int epochs = k == 2 ? run.size(5, 2) : run.size(10, 4); // re-sampling doubles the epoch
            Fit.train(m, new Adam(m.parameters(), Adam.Options.defaults().withLr(1e-3)), data, null, Fit.Plan.of(epochs, 32).withLoss(loss), run.seed());
            double[] r = recalls(m, test);
            recall[k] = r[1];
            balanced[k] = (r[0] + r[1]) / 2;
            report.row(names[k], LabReport.pct(r[2]), LabReport.pct(r[1]), LabReport.pct(r[0]), LabReport.pct(balanced[k]));
        }
        List<Charts.Series> bars = new ArrayList<>();
        for (int k = 0; k < 4; k++) bars.add(Charts.Series.points(names[k], new double[] {k + 1}, new double[] {recall[k]}));
        Charts.lines(run.png("rare-recall"), "Recall of the rare class (5s) on balanced test data", "method", "recall", bars, false, false);
        report.figure(run.png("rare-recall"), "Rare-class recall per method");
        report.note("Training: " + common + " threes and " + rare + " fives; test: every 3 and 5 of a " + d.test().size() + "-image stratified MNIST test sample.");
        boolean confirmed = balanced[1] > balanced[0] && balanced[2] > balanced[0] && balanced[3] > balanced[0];
        return report.verdict(confirmed, String.format(java.util.Locale.ROOT, "Rare-class recall %s plain, %s weighted, %s re-sampled, %s focal; balanced "
                + "accuracy %s / %s / %s / %s.", LabReport.pct(recall[0]), LabReport.pct(recall[1]), LabReport.pct(recall[2]), LabReport.pct(recall[3]),
                LabReport.pct(balanced[0]), LabReport.pct(balanced[1]), LabReport.pct(balanced[2]), LabReport.pct(balanced[3])));
    }

    /** 3 → 0, 5 → 1. */
    private static LabData.Split binary(LabData.Split s) { return s.withY(s.y().eq(5).to(DType.INT64)); }

    /** {recall of class 0, recall of class 1, accuracy}. */
    private static double[] recalls(Module m, LabData.Split s) {
        m.eval();
        try (var ng = GradMode.noGrad()) {
            long[] p = Fit.predictions(m.call(s.x())).toLongArray(), y = s.y().toLongArray();
            double[] right = new double[2], count = new double[2];
            for (int i = 0; i < y.length; i++) {
                count[(int) y[i]]++;
                if (p[i] == y[i]) right[(int) y[i]]++;
            }
            return new double[] {right[0] / count[0], right[1] / count[1], (right[0] + right[1]) / y.length};
        } finally {
            m.train();
        }
    }
}

package org.nabla.cli.lab;

import java.util.List;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.optim.Adam;
import org.nabla.tensor.Generator;

/** A linear classifier and a 2-32-32-k MLP on three 2-d sets: quadrants (XOR), a ring, three Gaussian modes. */
final class BoundariesLab implements Lab {
    @Override
    public String claim() {
        return "A linear classifier's decision boundaries are straight lines: it fails on quadrants (XOR) and on a ring, and succeeds on "
                + "linearly separable modes; an MLP bends its boundaries and fits all three.";
    }

    @Override
    public LabReport run(LabRun run) {
        List<String> sets = List.of("quadrants", "ring", "modes");
        LabReport report = new LabReport("linear vs MLP decision boundaries", claim()).columns("data", "classes", "linear test accuracy", "MLP test accuracy");
        double[][] acc = new double[3][2];
        for (int s = 0; s < 3; s++) {
            String set = sets.get(s);
            int classes = set.equals("modes") ? 3 : 2, n = run.size(600, 200);
            LabData.Split train = LabData.toy(set, n, run.seed()), test = LabData.toy(set, n, run.seed() + 1);
            for (int k = 0; k < 2; k++) {
                Generator g = new Generator(run.seed());
                Module m = k == 0 ? Nets.mlp(ReLU::new, g, 2, classes) : Nets.mlp(ReLU::new, g, 2, 32, 32, classes);
                Fit.Curve c = Fit.train(m, new Adam(m.parameters(), Adam.Options.defaults().withLr(0.01)), train, test, Fit.Plan.of(run.size(100, 30), 32), run.seed());
                acc[s][k] = c.lastTestAccuracy();
                m.eval();
                String name = set + "-" + (k == 0 ? "linear" : "mlp");
                Regions.draw(run.png(name), (k == 0 ? "Linear" : "MLP") + " on " + set + ": test accuracy " + LabReport.pct(acc[s][k]), x -> m.call(x).argmax(1, false), test, classes);
                report.figure(run.png(name), (k == 0 ? "Linear" : "MLP") + " regions on " + set);
            }
            report.row(set, classes, LabReport.pct(acc[s][0]), LabReport.pct(acc[s][1]));
        }
        boolean confirmed = acc[0][0] < 0.75 && acc[1][0] < 0.75 && acc[2][0] > 0.9 && acc[0][1] > 0.9 && acc[1][1] > 0.9 && acc[2][1] > 0.9;
        return report.verdict(confirmed, String.format(java.util.Locale.ROOT, "Linear: %s / %s / %s on quadrants / ring / modes; MLP: %s / %s / %s.",
                LabReport.pct(acc[0][0]), LabReport.pct(acc[1][0]), LabReport.pct(acc[2][0]), LabReport.pct(acc[0][1]), LabReport.pct(acc[1][1]),
                LabReport.pct(acc[2][1])));
    }
}

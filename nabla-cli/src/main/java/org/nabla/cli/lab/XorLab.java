package org.nabla.cli.lab;

import org.nabla.autograd.GradMode;
import org.nabla.models.Perceptron;
import org.nabla.nn.Module;
import org.nabla.nn.activation.Tanh;
import org.nabla.optim.Adam;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Rosenblatt's perceptron and a 2-8-2 MLP on XOR (the four corners, and a cloud of points labelled by quadrant). */
final class XorLab implements Lab {
    @Override
    public String claim() {
        return "A single perceptron draws one straight line, so it cannot separate XOR (no line does): it never converges and gets at "
                + "most 3 of the 4 points right. One hidden layer bends the boundary and solves it.";
    }

    @Override
    public LabReport run(LabRun run) {
        Tensor corners = Tensor.of(new float[] {-1, -1, -1, 1, 1, -1, 1, 1}, 4, 2);
        long[] xorLabels = {0, 1, 1, 0};
        LabData.Split xor = new LabData.Split(corners, Tensor.of(xorLabels, 4)), cloud = LabData.toy("quadrants", run.size(400, 100), run.seed());
        // the cloud labels by the sign of x1 * x2: flip to XOR's convention (1 where the signs differ)
        cloud = new LabData.Split(cloud.x(), Tensor.ones(DType.INT64, cloud.size()).sub(cloud.y()));
        LabReport report = new LabReport("perceptron vs XOR vs MLP", claim()).columns("model", "converged", "XOR corners right", "cloud accuracy");
        Perceptron p = new Perceptron(2);
        Perceptron.Result r = p.fit(corners, signs(xorLabels), 1.0, 100);
        Perceptron cloudPerceptron = new Perceptron(2);
        cloudPerceptron.fit(cloud.x(), signs(cloud.y().toLongArray()), 1.0, run.size(100, 20));
        double cornersRight = accuracy(x -> fromSigns(p.predict(x)), xor) * 4, cloudRight = accuracy(x -> fromSigns(cloudPerceptron.predict(x)), cloud);
        report.row("perceptron", r.converged() ? "yes" : "no (" + r.epochs() + " epochs, " + r.mistakesPerEpoch().getLast() + " mistakes in the last)",
                (int) cornersRight + " of 4", LabReport.pct(cloudRight));
        Module mlp = Nets.mlp(Tanh::new, new Generator(run.seed()), 2, 8, 2);
        Fit.Curve c = Fit.train(mlp, new Adam(mlp.parameters(), Adam.Options.defaults().withLr(0.03)), cloud, xor, Fit.Plan.of(run.size(200, 60), 32), run.seed());
        double mlpCorners = accuracy(x -> mlp.call(x).argmax(1, false), xor) * 4, mlpCloud = Fit.evaluate(mlp, cloud, Fit.Plan.of(1, 1).loss())[1];
        report.row("MLP 2-8-2 (tanh)", "-", (int) mlpCorners + " of 4", LabReport.pct(mlpCloud));
        Regions.draw(run.png("perceptron"), "Perceptron on XOR: one straight boundary", x -> fromSigns(cloudPerceptron.predict(x)), cloud, 2);
        mlp.eval();
        Regions.draw(run.png("mlp"), "MLP 2-8-2 on XOR: a bent boundary", x -> mlp.call(x).argmax(1, false), cloud, 2);
        report.figure(run.png("perceptron"), "The perceptron's regions").figure(run.png("mlp"), "The MLP's regions");
        boolean confirmed = !r.converged() && cornersRight <= 3 && mlpCorners == 4 && mlpCloud > 0.9;
        return report.verdict(confirmed, String.format(java.util.Locale.ROOT, "The perceptron %s after %d epochs (%d of 4 corners, %s of the cloud); the MLP "
                + "gets %d of 4 corners and %s of the cloud.", r.converged() ? "converged" : "did not converge", r.epochs(), (int) cornersRight,
                LabReport.pct(cloudRight), (int) mlpCorners, LabReport.pct(mlpCloud)));
    }

    private static Tensor signs(long[] labels) {
        double[] s = new double[labels.length];
        for (int i = 0; i < s.length; i++) s[i] = labels[i] == 1 ? 1 : -1;
        return Tensor.of(s, s.length);
    }

    private static Tensor fromSigns(Tensor s) { return s.gt(0).to(DType.INT64); }

    private static double accuracy(java.util.function.Function<Tensor, Tensor> classify, LabData.Split s) {
        try (var ng = GradMode.noGrad()) {
            return classify.apply(s.x()).eq(s.y()).to(DType.FLOAT64).mean().item();
        }
    }
}

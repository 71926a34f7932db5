package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.optim.Adadelta;
import org.nabla.optim.Adagrad;
import org.nabla.optim.Adam;
import org.nabla.optim.Optimizer;
import org.nabla.optim.RMSprop;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** The optimizers on MNIST (a 784-128-10 MLP) and on a 2-d ravine f = 0.05 x² + 5 y², with their trajectories. */
final class OptimizersLab implements Lab {
    /** name → (parameters → optimizer at the rate used on MNIST) and the ravine's rate. */
    private record Kind(Function<List<Tensor>, Optimizer> mnist, Function<List<Tensor>, Optimizer> ravine) {}

    private static Map<String, Kind> kinds() {
        Map<String, Kind> k = new LinkedHashMap<>();
        // on the ravine, plain SGD takes the largest rate its steep direction allows (lr x 10 < 2); with momentum 0.9,
        // Nesterov's look-ahead is stable only below lr x 10 = 1.36, so both momentum methods run at 0.1
        k.put("SGD", new Kind(p -> sgd(p, 0.05, 0, false), p -> sgd(p, 0.18, 0, false)));
        k.put("momentum", new Kind(p -> sgd(p, 0.05, 0.9, false), p -> sgd(p, 0.1, 0.9, false)));
        k.put("Nesterov", new Kind(p -> sgd(p, 0.05, 0.9, true), p -> sgd(p, 0.1, 0.9, true)));
        k.put("AdaGrad", new Kind(p -> new Adagrad(p, Adagrad.Options.defaults().withLr(0.01)), p -> new Adagrad(p, Adagrad.Options.defaults().withLr(1.0))));
        k.put("RMSProp", new Kind(p -> new RMSprop(p, RMSprop.Options.defaults().withLr(0.001)), p -> new RMSprop(p, RMSprop.Options.defaults().withLr(0.1))));
        k.put("Adadelta", new Kind(p -> new Adadelta(p, Adadelta.Options.defaults().withLr(1.0)), p -> new Adadelta(p, Adadelta.Options.defaults().withLr(1.0))));
        k.put("Adam", new Kind(p -> new Adam(p, Adam.Options.defaults().withLr(0.001)), p -> new Adam(p, Adam.Options.defaults().withLr(0.5))));
        k.put("AMSGrad", new Kind(p -> new Adam(p, Adam.Options.defaults().withLr(0.001).withAmsgrad(true)),
                p -> new Adam(p, Adam.Options.defaults().withLr(0.5).withAmsgrad(true))));
        return k;
    }

    private static Optimizer sgd(List<Tensor> p, double lr, double momentum, boolean nesterov) {
        return new SGD(p, SGD.Options.defaults().withLr(lr).withMomentum(momentum).withNesterov(nesterov));
    }

    @Override
    public String claim() {
        return "Plain SGD crawls along the floor of a ravine and zig-zags across it; momentum (and Nesterov's look-ahead) and the adaptive "
                + "methods (AdaGrad, RMSProp, Adam, AMSGrad) get much further in the same steps. On MNIST, momentum and Adam reach a lower "
                + "training loss than plain SGD in the same epochs.";
    }

    /** f(x, y) = 0.05 x² + 5 y²: a ravine 100 times steeper across than along. */
    private static Tensor ravine(Tensor p) {
        Tensor x = p.narrow(0, 0, 1), y = p.narrow(0, 1, 1);
        return x.mul(x).mul(0.05).add(y.mul(y).mul(5)).sum();
    }

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest data = LabData.mnistStandardized(run.size(10_000, 1_000), run.size(2_000, 500), run.seed());
        int epochs = run.size(2, 1), steps = run.size(100, 40);
        LabReport report = new LabReport("optimizers", claim()).columns("optimizer", "MNIST train loss", "MNIST test accuracy", "ravine f after " + steps + " steps");
        List<Charts.Series> curves = new ArrayList<>(), paths = new ArrayList<>();
        Map<String, Double> mnistLoss = new LinkedHashMap<>(), ravineLoss = new LinkedHashMap<>();
        kinds().forEach((name, k) -> {
            Module m = Nets.mlp(ReLU::new, new Generator(run.seed()), 784, 128, 10);
            Fit.Curve c = Fit.train(m, k.mnist().apply(new ArrayList<>(m.parameters())), data.train(), data.test(), Fit.Plan.of(epochs, 64), run.seed());
            curves.add(Charts.Series.line(name, Fit.every(c.stepLoss(), 10)));
            Tensor p = Tensor.of(new float[] {-10, 1}, 2).requiresGrad(true);
            Optimizer opt = k.ravine().apply(List.of(p));
            double[] xs = new double[steps + 1], ys = new double[steps + 1];
            for (int i = 0; i <= steps; i++) {
                float[] v = p.detach().toFloatArray();
                xs[i] = v[0];
                ys[i] = v[1];
                if (i == steps) break;
                opt.zeroGrad();
                ravine(p).backward();
                opt.step();
            }
            double f = 0.05 * xs[steps] * xs[steps] + 5 * ys[steps] * ys[steps];
            paths.add(Charts.Series.line(name, xs, ys));
            mnistLoss.put(name, c.lastTrainLoss());
            ravineLoss.put(name, f);
            report.row(name, c.lastTrainLoss(), LabReport.pct(c.lastTestAccuracy()), f);
        });
        Charts.lines(run.png("mnist-loss"), "MNIST training loss (mean of 10 steps)", "step / 10", "cross-entropy", curves, false, true);
        Charts.lines(run.png("ravine"), "Trajectories on f = 0.05 x² + 5 y² from (-10, 1)", "x", "y", paths, false, false);
        report.figure(run.png("mnist-loss"), "MNIST training loss per optimizer").figure(run.png("ravine"), "Trajectories on the ravine (minimum at 0, 0)");
        double sgd = mnistLoss.get("SGD"), rsgd = ravineLoss.get("SGD");
        boolean mnist = mnistLoss.get("momentum") < sgd && mnistLoss.get("Adam") < sgd;
        boolean ravine = ravineLoss.get("momentum") < rsgd && ravineLoss.get("Adam") < rsgd && ravineLoss.get("Nesterov") < rsgd;
        return report.verdict(mnist && ravine, String.format(java.util.Locale.ROOT,
                "MNIST training loss after %d epoch(s): SGD %s, momentum %s, Adam %s; ravine f after %d steps: SGD %s, momentum %s, Nesterov %s, Adam %s.",
                epochs, LabReport.f(sgd), LabReport.f(mnistLoss.get("momentum")), LabReport.f(mnistLoss.get("Adam")), steps, LabReport.f(rsgd),
                LabReport.f(ravineLoss.get("momentum")), LabReport.f(ravineLoss.get("Nesterov")), LabReport.f(ravineLoss.get("Adam"))));
    }
}

package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.activation.Tanh;
import org.nabla.nn.init.Init;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** A 6-layer MLP (5 hidden layers of 256) initialised five ways: activations per layer at the start, then one epoch of training. */
final class InitializationLab implements Lab {
    private static final int LAYERS = 5;

    @Override
    public String claim() {
        return "Zero weights keep every hidden unit identical (the symmetry is never broken, the net cannot learn); weights too small make "
                + "the activations shrink towards 0 layer after layer; weights too large saturate tanh; Xavier (tanh) and He (ReLU) keep "
                + "the activations' spread about the same through the layers, and train.";
    }

    private record Scheme(String name, Supplier<Module> activation, java.util.function.BiConsumer<Linear, Generator> init) {}

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest data = LabData.mnistStandardized(run.size(10_000, 1_000), run.size(2_000, 500), run.seed());
        List<Scheme> schemes = List.of(
                new Scheme("zeros (tanh)", Tanh::new, (l, g) -> Init.zeros(l.weight)),
                new Scheme("too small N(0, 0.01) (tanh)", Tanh::new, (l, g) -> Init.normal(l.weight, 0, 0.01, g)),
                new Scheme("too large N(0, 1) (tanh)", Tanh::new, (l, g) -> Init.normal(l.weight, 0, 1, g)),
                new Scheme("Xavier (tanh)", Tanh::new, (l, g) -> Init.xavierNormal(l.weight, 1, g)),
                new Scheme("He (ReLU)", ReLU::new, (l, g) -> Init.kaimingNormal(l.weight, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, g)));
        LabReport report = new LabReport("initialisation", claim()).columns("initialisation", "activation std, layer 1", "layer " + LAYERS,
                "saturated (|tanh| > 0.99)", "distinct units in hidden layer 2 after training", "test accuracy after 1 epoch");
        List<Charts.Series> spread = new ArrayList<>();
        double[][] stds = new double[schemes.size()][];
        double[] saturated = new double[schemes.size()], accuracy = new double[schemes.size()];
        int[] distinct = new int[schemes.size()];
        for (int s = 0; s < schemes.size(); s++) {
            Scheme scheme = schemes.get(s);
            Generator g = new Generator(run.seed());
            int[] widths = {784, 256, 256, 256, 256, 256, 10};
            Module m = Nets.mlp(scheme.activation(), g, widths);
            for (Linear l : Nets.linears(m)) {
                scheme.init().accept(l, g);
                Init.zeros(l.bias);
            }
            List<Tensor> acts = activations(m, data.test().x().narrow(0, 0, Math.min(1000, data.test().size())));
            stds[s] = acts.stream().mapToDouble(a -> a.std().item()).toArray();
            saturated[s] = scheme.activation().get() instanceof Tanh ? acts.getLast().abs().gt(0.99).mean().item() : Double.NaN;
            histogram(run, "histogram-" + (s + 1), scheme.name(), acts);
            spread.add(Charts.Series.line(scheme.name(), stds[s]));
            Fit.Curve c = Fit.train(m, new SGD(m.parameters(), SGD.Options.defaults().withLr(0.01).withMomentum(0.9)), data.train(), data.test(),
                    Fit.Plan.of(1, 64), run.seed());
            accuracy[s] = c.diverged() ? Double.NaN : c.lastTestAccuracy();
            distinct[s] = distinctRows(Nets.linears(m).get(1).weight);
            report.row(scheme.name(), stds[s][0], stds[s][LAYERS - 1], Double.isNaN(saturated[s]) ? "-" : LabReport.pct(saturated[s]), distinct[s],
                    LabReport.pct(accuracy[s]));
        }
        Charts.lines(run.png("activation-std"), "Standard deviation of the activations per hidden layer, at initialisation", "hidden layer",
                "std of the activations", spread, false, true);
        report.figure(run.png("activation-std"), "Activation spread per layer");
        for (int s = 0; s < schemes.size(); s++) report.figure(run.png("histogram-" + (s + 1)), "Activation histograms per layer: " + schemes.get(s).name());
        boolean zeros = distinct[0] == 1 && accuracy[0] < 0.3, small = stds[1][LAYERS - 1] < 0.1 * stds[1][0], large = saturated[2] > 0.5;
        boolean xavier = stds[3][LAYERS - 1] > 0.2 * stds[3][0] && accuracy[3] > 0.9, he = stds[4][LAYERS - 1] > 0.2 * stds[4][0] && accuracy[4] > 0.9;
        return report.verdict(zeros && small && large && xavier && he, String.format(java.util.Locale.ROOT,
                "Zeros: %d distinct unit(s) in the second hidden layer after training, test accuracy %s; too small: activation std %s in layer 1, %s in "
                        + "layer %d; too large: %s of the last tanh layer saturated; Xavier: std %s → %s, accuracy %s; He: std %s → %s, accuracy %s.",
                distinct[0], LabReport.pct(accuracy[0]), LabReport.f(stds[1][0]), LabReport.f(stds[1][LAYERS - 1]), LAYERS, LabReport.pct(saturated[2]),
                LabReport.f(stds[3][0]), LabReport.f(stds[3][LAYERS - 1]), LabReport.pct(accuracy[3]), LabReport.f(stds[4][0]),
                LabReport.f(stds[4][LAYERS - 1]), LabReport.pct(accuracy[4])));
    }

    /** The outputs of every activation module of {@code m} for {@code x}, in order. */
    static List<Tensor> activations(Module m, Tensor x) {
        List<Tensor> out = new ArrayList<>();
        List<AutoCloseable> hooks = new ArrayList<>();
        for (Module sub : m.namedModules().values())
            if (sub instanceof Tanh || sub instanceof ReLU || sub instanceof org.nabla.nn.activation.Sigmoid)
                hooks.add(sub.registerForwardHook((mod, in, o) -> out.add(((Tensor) o).detach())));
        try (var ng = GradMode.noGrad()) {
            m.eval();
            m.call(x);
        } finally {
            m.train();
            for (AutoCloseable h : hooks) {
                try {
                    h.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    /** Histograms of each layer's activations as density curves over their common range. */
    private static void histogram(LabRun run, String file, String title, List<Tensor> acts) {
        double lo = acts.stream().mapToDouble(a -> a.min().item()).min().orElse(-1), hi = acts.stream().mapToDouble(a -> a.max().item()).max().orElse(1);
        if (hi <= lo) hi = lo + 1;
        int bins = 50;
        List<Charts.Series> series = new ArrayList<>();
        for (int l = 0; l < acts.size(); l++) {
            float[] v = acts.get(l).toFloatArray();
            double[] x = new double[bins], y = new double[bins];
            for (float f : v) y[Math.min(bins - 1, (int) ((f - lo) / (hi - lo) * bins))] += 1.0 / v.length;
            for (int b = 0; b < bins; b++) x[b] = lo + (b + 0.5) * (hi - lo) / bins;
            series.add(Charts.Series.line("layer " + (l + 1), x, y));
        }
        Charts.lines(run.png(file), "Activations per layer at initialisation: " + title, "activation", "share of the outputs", series, false, false);
    }

    /** How many different rows (units) a weight matrix has. */
    private static int distinctRows(Tensor w) {
        float[] v = w.detach().toFloatArray();
        int cols = w.size(1);
        java.util.Set<String> rows = new java.util.HashSet<>();
        for (int r = 0; r < w.size(0); r++) rows.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(v, r * cols, (r + 1) * cols)));
        return rows.size();
    }
}

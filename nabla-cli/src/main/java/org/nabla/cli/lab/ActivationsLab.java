package org.nabla.cli.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.activation.Sigmoid;
import org.nabla.nn.activation.Tanh;
import org.nabla.nn.init.Init;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.optim.SGD;
import org.nabla.tensor.Generator;
import org.nabla.train.doctor.LayerSample;
import org.nabla.train.doctor.TrainingDoctor;

/**
 * A 10-layer MLP (9 hidden layers of 64) with sigmoid, tanh or ReLU, each with the initialisation made for it (Xavier
 * for sigmoid and tanh, He for ReLU; biases 0), so that only the activation's derivative differs: each layer's
 * gradient at the start, then training.
 */
final class ActivationsLab implements Lab {
    @Override
    public String claim() {
        return "In a deep net, sigmoid's derivative (at most 0.25) shrinks the gradient at every layer, so the first layers barely learn "
                + "(vanishing gradients); tanh (derivative up to 1) fares better and ReLU (derivative 1 where active) keeps the gradient "
                + "flowing, and trains best.";
    }

    @Override
    public LabReport run(LabRun run) {
        LabData.TrainTest data = LabData.mnistStandardized(run.size(10_000, 1_000), run.size(2_000, 500), run.seed());
        String[] names = {"sigmoid", "tanh", "ReLU"};
        List<Supplier<Module>> kinds = List.of(Sigmoid::new, Tanh::new, ReLU::new);
        LabReport report = new LabReport("activations", claim()).columns("activation", "gradient RMS, layer 1", "layer 10",
                "last / first", "test accuracy after " + run.size(2, 1) + " epoch(s)");
        List<Charts.Series> flow = new ArrayList<>();
        double[] ratio = new double[3], accuracy = new double[3];
        for (int k = 0; k < 3; k++) {
            int[] widths = new int[11];
            java.util.Arrays.fill(widths, 64);
            widths[0] = 784;
            widths[10] = 10;
            Generator g = new Generator(run.seed());
            Module m = Nets.mlp(kinds.get(k), g, widths);
            for (Linear l : Nets.linears(m)) {
                if (k == 2) Init.kaimingNormal(l.weight, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, g);
                else Init.xavierNormal(l.weight, 1, g);
                Init.zeros(l.bias);
            }
            LabData.Split batch = data.train().rows(java.util.stream.IntStream.range(0, 256).toArray());
            LayerSample s = TrainingDoctor.probe(m, () -> new CrossEntropyLoss().call(m.call(batch.x()), batch.y()).backward());
            m.zeroGrad();
            double[] rms = s.gradientRms().values().stream().mapToDouble(Double::doubleValue).toArray();
            ratio[k] = rms[rms.length - 1] / rms[0];
            flow.add(Charts.Series.line(names[k], rms));
            Fit.Curve c = Fit.train(m, new SGD(m.parameters(), SGD.Options.defaults().withLr(0.01).withMomentum(0.9)), data.train(), data.test(),
                    Fit.Plan.of(run.size(2, 1), 64), run.seed());
            accuracy[k] = c.diverged() ? Double.NaN : c.lastTestAccuracy();
            report.row(names[k], rms[0], rms[rms.length - 1], ratio[k], LabReport.pct(accuracy[k]));
        }
        Charts.lines(run.png("gradient-flow"), "Gradient RMS per layer at initialisation (10 Linear layers)", "layer", "gradient RMS (log)", flow, false, true);
        report.figure(run.png("gradient-flow"), "Gradient per layer: sigmoid's falls by orders of magnitude towards the input");
        report.note("Initialisation: Xavier (normal, gain 1) for sigmoid and tanh, He (normal, fan-in) for ReLU, biases 0; SGD 0.01 with momentum "
                + "0.9, batch 64. With the Linear layer's default (uniform within ±1/√fan-in, variance 1/(3 fan-in)) a ReLU layer divides the "
                + "signal's variance by about 6, so the ReLU net's gradient vanished too and it did not train: the comparison needs each "
                + "activation's own initialisation.");
        boolean confirmed = ratio[0] > 100 * ratio[2] && ratio[0] > ratio[1] && accuracy[2] > accuracy[0];
        return report.verdict(confirmed, String.format(java.util.Locale.ROOT,
                "The last layer's gradient is %s× the first's with sigmoid, %s× with tanh, %s× with ReLU; test accuracy %s / %s / %s.",
                LabReport.f(ratio[0]), LabReport.f(ratio[1]), LabReport.f(ratio[2]), LabReport.pct(accuracy[0]), LabReport.pct(accuracy[1]),
                LabReport.pct(accuracy[2])));
    }
}

package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.nabla.autograd.GradChecked.Inputs.BROADCAST;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;
import org.nabla.nn.functional.F;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Dropout, channel dropout, stochastic depth and DropConnect: masks, gradients, the F functions (PyTorch: DropoutFixtureTest). */
@ExtendWith(GradCoverage.class)
class DropoutTest {

    /** Float64 values with |x| in [0.5, 2] and random signs, so a kept element is never 0. */
    static Tensor awayFromZero(long seed, int... shape) {
        Generator gen = new Generator(seed);
        int n = 1;
        for (int d : shape) n *= d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (gen.nextLong(2) == 0 ? -1 : 1) * (0.5 + 1.5 * gen.nextDouble());
        return Tensor.of(v, shape);
    }

    @Test
    void unbiasedInExpectationOverALargeTensor() {
        double p = 0.3;
        Tensor x = awayFromZero(1, 200_000).to(DType.FLOAT32);
        Tensor y = new Dropout(p, new Generator(2)).call(x);
        // Each y_i = x_i m_i / (1 - p) with m_i ~ Bernoulli(1 - p): E[y_i] = x_i, Var[y_i] = x_i^2 p / (1 - p).
        double[] xs = x.toDoubleArray(), ys = y.toDoubleArray();
        double diff = 0, variance = 0;
        int zeros = 0;
        for (int i = 0; i < xs.length; i++) {
            diff += ys[i] - xs[i];
            variance += xs[i] * xs[i] * p / (1 - p);
            if (ys[i] == 0) zeros++;
            else assertThat(ys[i]).isCloseTo(xs[i] / (1 - p), within(1e-6 * Math.abs(xs[i]) / (1 - p)));
        }
        assertThat(diff / xs.length).isCloseTo(0, within(5 * Math.sqrt(variance) / xs.length));
        assertThat((double) zeros / xs.length).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / xs.length)));
    }

    @Test
    void unbiasedInExpectationPerElementOverManySamples() {
        double p = 0.6;
        int samples = 4000;
        Tensor x = awayFromZero(3, 3, 4);
        Dropout drop = new Dropout(p, new Generator(4));
        double[] sum = new double[x.numel()];
        for (int s = 0; s < samples; s++) {
            double[] y = drop.call(x).toDoubleArray();
            for (int i = 0; i < y.length; i++) sum[i] += y[i];
        }
        double[] xs = x.toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            double sigma = Math.abs(xs[i]) * Math.sqrt(p / (1 - p) / samples);
            assertThat(sum[i] / samples).as("element %d", i).isCloseTo(xs[i], within(5 * sigma));
        }
    }

    @Test
    void identityInEvalModeAndForPZero() {
        Tensor x = awayFromZero(5, 4, 5);
        assertThat(new Dropout(0.5).eval().call(x)).isSameAs(x);
        assertThat(new Dropout(0).call(x)).isSameAs(x);
        assertThat(F.dropout(x, 0.9, false, new Generator(1))).isSameAs(x);
        Tensor image = x.reshape(2, 2, 5);
        assertThat(new Dropout2d(0.5).eval().call(image)).isSameAs(image);
    }

    @Test
    void pOneGivesZerosAndPOutsideTheUnitIntervalIsAnError() {
        Tensor x = awayFromZero(6, 10).requiresGrad(true);
        Tensor y = new Dropout(1).call(x);
        assertThat(y.abs().toDoubleArray()).containsOnly(0.0); // x * 0, as in PyTorch: -0.0 for negative x
        y.sum().backward();
        assertThat(x.grad().toDoubleArray()).containsOnly(0.0);
        assertThatThrownBy(() -> new Dropout(1.5)).hasMessage("Dropout: dropout probability has to be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new Dropout2d(-0.1)).hasMessage("Dropout2d: dropout probability has to be in [0, 1], got -0.1");
        assertThatThrownBy(() -> new Dropout().call(Tensor.arange(4))).hasMessageContaining("dropout: expected a floating-point input, got int64");
    }

    @Test
    void backwardMultipliesByTheSameMaskOverOneMinusP() {
        double p = 0.25;
        Tensor x = awayFromZero(7, 6, 7).requiresGrad(true);
        Tensor y = new Dropout(p, new Generator(8)).call(x);
        Tensor upstream = awayFromZero(9, 6, 7);
        y.backward(upstream);
        double[] ys = y.toDoubleArray(), g = x.grad().toDoubleArray(), u = upstream.toDoubleArray();
        for (int i = 0; i < ys.length; i++) assertThat(g[i]).isEqualTo(ys[i] == 0 ? 0 : u[i] / (1 - p), within(1e-12));
    }

    @Test
    @GradChecked(value = {"Mul", "Addmm", "Mm"}, on = {PLAIN, BROADCAST})
    void gradCheckWithAFixedGeneratorStateInTrainAndEval() {
        Generator gen = new Generator(10);
        long[] state = gen.state();
        Tensor batch = awayFromZero(19, 4, 3).requiresGrad(true);
        Module[] layers = {new Dropout(0.4, gen), new Dropout2d(0.5, gen), new StochasticDepth(0.5, "row", gen), new StochasticDepth(0.3, "batch", gen),
                new DropConnect(3, 2, 0.5, true, new Generator(20), gen), new DropConnect(3, 2, 0.3, false, new Generator(21), gen)};
        Tensor[] inputs = {awayFromZero(11, 3, 5).requiresGrad(true), awayFromZero(12, 2, 3, 2, 2).requiresGrad(true), awayFromZero(13, 6, 2, 2).requiresGrad(true),
                batch, batch, batch};
        for (int i = 0; i < layers.length; i++) {
            Module layer = layers[i];
            for (boolean train : new boolean[] {true, false}) {
                layer.train(train);
                GradCoverage.assertGradients(xs -> {
                    gen.setState(state); // the same mask on every evaluation
                    return layer.call(xs[0]).mul(2);
                }, inputs[i]);
            }
        }
        // DropConnect's weight and bias, through its function with float64 parameters.
        GradCoverage.assertGradients(xs -> {
            gen.setState(state);
            return F.dropConnect(xs[0], xs[1], xs[2], 0.4, true, gen);
        }, batch, awayFromZero(22, 5, 3).requiresGrad(true), awayFromZero(23, 5).requiresGrad(true));
    }

    @Test
    void theFunctionsDrawTheLayersMasks() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = awayFromZero(30, 3, 4, 5, 7).to(dtype); // an odd element count: the last SplitMix output is half used
            for (double p : new double[] {0.1, 0.5, 0.9}) {
                assertThat(F.dropout(x, p, true, new Generator(31)).toDoubleArray())
                        .containsExactly(new Dropout(p, new Generator(31)).call(x).toDoubleArray());
                assertThat(F.dropout2d(x, p, true, new Generator(32)).toDoubleArray())
                        .containsExactly(new Dropout2d(p, new Generator(32)).call(x).toDoubleArray());
                assertThat(F.stochasticDepth(x, p, "row", true, new Generator(33)).toDoubleArray())
                        .containsExactly(new StochasticDepth(p, "row", new Generator(33)).call(x).toDoubleArray());
            }
        }
        // The global generator: the same state gives the same mask to the function and the layer.
        Tensor x = awayFromZero(34, 50);
        Generator.manualSeed(35);
        double[] fromF = F.dropout(x, 0.5, true).toDoubleArray();
        Generator.manualSeed(35);
        assertThat(new Dropout(0.5).call(x).toDoubleArray()).containsExactly(fromF);
    }

    @Test
    void stochasticDepthDropsWholeRowsOrTheWholeBatch() {
        Tensor x = awayFromZero(40, 400, 3);
        double[] y = new StochasticDepth(0.5, "row", new Generator(41)).call(x).toDoubleArray(), xs = x.toDoubleArray();
        int dropped = 0;
        for (int r = 0; r < 400; r++) {
            boolean zero = y[3 * r] == 0;
            if (zero) dropped++;
            for (int k = 3 * r; k < 3 * r + 3; k++) assertThat(y[k]).isEqualTo(zero ? 0 : 2 * xs[k], within(1e-12));
        }
        assertThat(dropped).isBetween(150, 250);
        double[] batch = new StochasticDepth(0.5, "batch", new Generator(42)).call(x).toDoubleArray();
        assertThat(Arrays.stream(batch).allMatch(v -> v == 0) || Arrays.stream(batch).noneMatch(v -> v == 0)).isTrue();
        assertThat(new StochasticDepth(0.5, "row").eval().call(x)).isSameAs(x);
        assertThatThrownBy(() -> new StochasticDepth(0.5, "column")).hasMessage("StochasticDepth: mode has to be either 'batch' or 'row', got 'column'");
        assertThat(new StochasticDepth(0.2, "row")).hasToString("StochasticDepth(p=0.2, mode=row)");
    }

    @Test
    void dropConnectIsThePlainLinearLayerInEvalAndDropsWeightsInTraining() {
        DropConnect fc = new DropConnect(6, 4, 0.5, true, new Generator(50), new Generator(51));
        Linear plain = new Linear(6, 4, true, new Generator(50));
        Tensor x = awayFromZero(52, 3, 6);
        assertThat(fc.namedParameters().keySet()).containsExactly("weight", "bias");
        assertThat(fc.weight.toFloatArray()).containsExactly(plain.weight.toFloatArray()); // Linear's initialisation
        assertThat(fc.eval().call(x).toDoubleArray()).containsExactly(plain.call(x).toDoubleArray());
        fc.train();
        Tensor y = fc.call(x);
        // One weight mask per call: F.dropout's mask for the weight, then the plain linear.
        Tensor masked = F.dropout(fc.weight, 0.5, true, new Generator(51));
        assertThat(y.toDoubleArray()).containsExactly(F.linear(x, masked, fc.bias).toDoubleArray());
        assertThat(fc).hasToString("DropConnect(in_features=6, out_features=4, bias=True, p=0.5)");
        assertThatThrownBy(() -> fc.call(Tensor.zeros(2, 5)))
                .hasMessage("DropConnect(in_features=6, out_features=4, bias=True, p=0.5): expected input [..., 6], got [2, 5]");
        assertThatThrownBy(() -> new DropConnect(6, 4, 1.5)).hasMessage("DropConnect: dropout probability has to be in [0, 1], got 1.5");
    }

    @Test
    void theLayersGeneratorMakesItReproducible() {
        Tensor x = awayFromZero(15, 50);
        double[] a = new Dropout(0.5, new Generator(16)).call(x).toDoubleArray();
        double[] b = new Dropout(0.5, new Generator(16)).call(x).toDoubleArray();
        double[] c = new Dropout(0.5, new Generator(17)).call(x).toDoubleArray();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void dropout2dZeroesWholeChannels() {
        double p = 0.5;
        int n = 40, c = 25;
        Tensor x = awayFromZero(18, n, c, 3, 4);
        Tensor y = new Dropout2d(p, new Generator(19)).call(x);
        double[] xs = x.toDoubleArray(), ys = y.toDoubleArray();
        int dropped = 0;
        for (int ch = 0; ch < n * c; ch++) {
            boolean zero = ys[ch * 12] == 0;
            if (zero) dropped++;
            for (int k = ch * 12; k < ch * 12 + 12; k++)
                assertThat(ys[k]).as("channel %d", ch).isCloseTo(zero ? 0 : xs[k] / (1 - p), within(1e-12));
        }
        assertThat((double) dropped / (n * c)).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / (n * c))));
        // Unbatched [C, H, W]: one decision per channel too.
        double[] u = new Dropout2d(p, new Generator(20)).call(awayFromZero(21, 30, 2, 2)).toDoubleArray();
        for (int ch = 0; ch < 30; ch++)
            for (int k = 1; k < 4; k++) assertThat(u[ch * 4 + k] == 0).isEqualTo(u[ch * 4] == 0);
    }

    @Test
    void dropout2dNamesItselfOnAWrongShape() {
        assertThatThrownBy(() -> new Dropout2d(0.2).call(Tensor.zeros(4, 5)))
                .hasMessage("Dropout2d(p=0.2): expected input [N, C, H, W] or [C, H, W], got [4, 5]");
    }

    @Test
    void descriptions() {
        assertThat(new Dropout()).hasToString("Dropout(p=0.5)");
        assertThat(new Dropout2d(0.1)).hasToString("Dropout2d(p=0.1)");
    }
}

package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradCheck;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

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
        assertThat(Dropout.dropout(x, 0.9, false, new Generator(1))).isSameAs(x);
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
    void gradCheckWithAFixedGeneratorStateInTrainAndEval() {
        Generator gen = new Generator(10);
        long[] state = gen.state();
        Dropout drop = new Dropout(0.4, gen);
        GradCheck.assertGradients(xs -> {
            gen.setState(state); // the same mask on every evaluation
            return drop.call(xs[0]);
        }, awayFromZero(11, 3, 5).requiresGrad(true));
        Dropout2d drop2d = new Dropout2d(0.5, gen);
        GradCheck.assertGradients(xs -> {
            gen.setState(state);
            return drop2d.call(xs[0]);
        }, awayFromZero(12, 2, 3, 2, 2).requiresGrad(true));
        drop.eval();
        drop2d.eval();
        GradCheck.assertGradients(xs -> drop.call(xs[0]).mul(2), awayFromZero(13, 3, 5).requiresGrad(true));
        GradCheck.assertGradients(xs -> drop2d.call(xs[0]).mul(2), awayFromZero(14, 2, 2, 2).requiresGrad(true));
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

package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nabla.autograd.GradChecked.Inputs.BROADCAST;
import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.autograd.GradChecked.Inputs.SECOND_ORDER;
import static org.nabla.tensor.GradInputs.leaf;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

@ExtendWith(GradCoverage.class)
class ActivationsGradTest {

    /** Each activation with a source of inputs away from its kinks. */
    private record Case(String name, Function<Tensor, Tensor> f, GradInputs.Source inputs) {}

    private static final List<Case> CASES = List.of(
            new Case("erf", Activations::erf, GradInputs::normal),
            new Case("leakyRelu", x -> Activations.leakyRelu(x, 0.1), GradInputs::awayFromZero),
            new Case("elu", x -> Activations.elu(x, 1.5), GradInputs::awayFromZero),
            new Case("selu", Activations::selu, GradInputs::awayFromZero),
            new Case("gelu", x -> Activations.gelu(x, "none"), (seed, shape) -> GradInputs.normal(seed, shape).detach().mul(2).requiresGrad(true)),
            new Case("geluTanh", x -> Activations.gelu(x, "tanh"), (seed, shape) -> GradInputs.normal(seed, shape).detach().mul(2).requiresGrad(true)),
            new Case("softplus", x -> Activations.softplus(x, 1, 20), (seed, shape) -> GradInputs.normal(seed, shape).detach().mul(3).requiresGrad(true)),
            // beta x = 4 x crosses the threshold 3 only between the grid's values (0.1 + 0.25 k, never within 0.1 of 0.75)
            new Case("softplus beta 4 threshold 3", x -> Activations.softplus(x, 4, 3), (seed, shape) -> GradInputs.grid(seed, 0.1, shape)));

    @Test
    @GradChecked(value = {"Erf", "LeakyRelu", "Elu", "Gelu", "Softplus"}, on = {PLAIN, NON_CONTIGUOUS})
    void activationsOnPlainAndStridedInputs() {
        long seed = 1;
        for (Case c : CASES) {
            GradCoverage.assertGradients(in -> c.f().apply(in[0]), c.inputs().make(seed++, 3, 4));
            GradCoverage.assertGradients(in -> c.f().apply(in[0]), leaf(c.inputs().make(seed++, 4, 3).t()));
            GradCoverage.assertGradients(in -> c.f().apply(in[0]), leaf(c.inputs().make(seed++, 3, 8).slice(1, 1, 8, 3)));
        }
    }

    /**
     * Second derivatives of every smooth activation. The coverage claim is only Erf's: the other rules are written
     * in terms of x (not of the op's output), so their own node does not appear in the gradient's graph.
     */
    @Test
    @GradChecked(value = "Erf", on = SECOND_ORDER)
    void backwardOfSmoothActivationsIsDifferentiable() {
        long seed = 20;
        for (Case c : CASES)
            if (!c.name().equals("leakyRelu"))
                GradCoverage.assertGradients(GradCoverage.gradientOf(in -> c.f().apply(in[0]), GradInputs.constant(seed++, 2, 3), 0), c.inputs().make(seed++, 2, 3));
    }

    @Test
    @GradChecked(value = "Prelu", on = {PLAIN, BROADCAST, NON_CONTIGUOUS})
    void preluWithSharedAndPerChannelSlopes() {
        Function<Tensor[], Tensor> prelu = in -> Activations.prelu(in[0], in[1]);
        // one slope per channel on 4-d, 3-d and 2-d inputs, and one shared slope (1-d and 0-d weights)
        GradCoverage.assertGradients(prelu, GradInputs.awayFromZero(40, 2, 3, 2, 2), GradInputs.normal(41, 3));
        GradCoverage.assertGradients(prelu, GradInputs.awayFromZero(42, 2, 3, 4), GradInputs.normal(43, 3));
        GradCoverage.assertGradients(prelu, GradInputs.awayFromZero(44, 4, 3), GradInputs.normal(45, 3));
        GradCoverage.assertGradients(prelu, GradInputs.awayFromZero(46, 2, 3, 4), GradInputs.normal(47, 1));
        GradCoverage.assertGradients(prelu, GradInputs.awayFromZero(48, 5), GradInputs.normal(49, 1));
        GradCoverage.assertGradients(prelu, GradInputs.awayFromZero(50, 2, 3), leaf(GradInputs.normal(51, 1).reshape()));
        GradCoverage.assertGradients(prelu, leaf(GradInputs.awayFromZero(52, 3, 4).t()), leaf(GradInputs.normal(53, 8).slice(0, 0, 8, 3)));
        // second order, through both rules
        GradCoverage.assertGradients(GradCoverage.gradientOf(prelu, GradInputs.constant(54, 2, 3, 2), 0), GradInputs.awayFromZero(55, 2, 3, 2), GradInputs.normal(56, 3));
        GradCoverage.assertGradients(GradCoverage.gradientOf(prelu, GradInputs.constant(57, 2, 3, 2), 1), GradInputs.awayFromZero(58, 2, 3, 2), GradInputs.normal(59, 3));
    }

    @Test
    void kinksTakePyTorchsGradients() {
        Tensor x = Tensor.of(new double[] {-1, 0, 1}, 3).requiresGrad(true);
        Activations.leakyRelu(x, 0.2).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(0.2, 0.2, 1);
        x.setGrad(null);
        Activations.elu(x, 2).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(2 * Math.exp(-1), 2, 1);
        x.setGrad(null);
        Activations.prelu(x, Tensor.of(new double[] {0.3}, 1)).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(0.3, 0.3, 1);
    }

    @Test
    void extremeInputsStayFinite() {
        Tensor x = Tensor.of(new float[] {-1000, -88, -20, 0, 20, 88, 1000}, 7).requiresGrad(true);
        for (Function<Tensor, Tensor> f : List.<Function<Tensor, Tensor>>of(
                t -> Activations.elu(t, 1), Activations::selu, t -> Activations.gelu(t, "none"), t -> Activations.gelu(t, "tanh"),
                t -> Activations.softplus(t, 1, 20), Activations::erf, t -> Activations.leakyRelu(t, 0.01))) {
            x.setGrad(null);
            Tensor y = f.apply(x);
            y.sum().backward();
            for (double v : y.toDoubleArray()) assertThat(v).isFinite();
            for (double v : x.grad().toDoubleArray()) assertThat(v).isFinite();
        }
    }

    @Test
    void smallNegativeEluAndSoftplusKeepTheirRelativePrecision() {
        // exp(x) - 1 and log(1 + x) computed naively in float32 lose most digits here.
        float[] xs = {-1e-4f, -1e-6f, 3e-5f};
        Tensor elu = Activations.elu(Tensor.of(xs, 3), 1);
        for (int i = 0; i < 2; i++) assertThat(elu.get(i)).isCloseTo(Math.expm1(xs[i]), org.assertj.core.api.Assertions.withinPercentage(1e-4));
        Tensor sp = Activations.softplus(Tensor.of(new float[] {-30, -60}, 2), 1, 20);
        assertThat(sp.get(0)).isCloseTo(Math.log1p(Math.exp(-30)), org.assertj.core.api.Assertions.withinPercentage(1e-4));
        assertThat(sp.get(1)).isCloseTo(Math.log1p(Math.exp(-60)), org.assertj.core.api.Assertions.withinPercentage(1e-4));
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor x = Tensor.zeros(2, 3, 4);
        assertThatThrownBy(() -> Activations.prelu(x, Tensor.ones(2)))
                .hasMessage("prelu: weight has 2 elements, expected 1 or the number of channels 3 (dim 1 of input [2, 3, 4])");
        assertThatThrownBy(() -> Activations.gelu(x, "fast")).hasMessage("gelu: approximate must be 'none' or 'tanh', got 'fast'");
        assertThatThrownBy(() -> Activations.elu(Tensor.arange(3), 1)).hasMessage("elu: expected a floating-point input, got int64 [3]");
        assertThat(Activations.erf(Tensor.arange(2)).dtype()).isEqualTo(DType.FLOAT32);
    }
}

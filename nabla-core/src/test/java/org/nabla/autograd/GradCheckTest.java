package org.nabla.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GradCheckTest {

    private static Tensor input(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape).to(DType.FLOAT64).requiresGrad(true);
    }

    /** x * x with a backward rule that is wrong by the given factor. */
    private static Tensor squareWithScaledGrad(Tensor x, double factor) {
        Tensor out;
        try (var s = GradMode.noGrad()) {
            out = x.mul(x);
        }
        return Node.record(out, "BadSquare", x, g -> g.mul(x).mul(2 * factor));
    }

    @Test
    void acceptsACorrectRule() {
        Tensor x = input(1, 3, 4);
        assertThat(GradCheck.check(in -> squareWithScaledGrad(in[0], 1.0), x).passed()).isTrue();
    }

    @Test
    void catchesAOnePercentErrorInABackwardRule() {
        Tensor x = input(2, 3, 4);
        GradCheck.Result r = GradCheck.check(in -> squareWithScaledGrad(in[0], 1.01), x);
        assertThat(r.passed()).isFalse();
        assertThat(r.message()).contains("gradcheck failed at input 0 element").contains("analytic").contains("numeric");
        assertThatThrownBy(() -> GradCheck.assertGradients(in -> squareWithScaledGrad(in[0], 1.01), x))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gradcheck failed");
    }

    @Test
    void catchesAnErrorThroughRandomProjectionsOnLargeOutputs() {
        Tensor x = input(3, 10, 10);
        assertThat(GradCheck.check(in -> squareWithScaledGrad(in[0], 1.01), x).passed()).isFalse();
        assertThat(GradCheck.check(in -> squareWithScaledGrad(in[0], 1.0), x).passed()).isTrue();
    }

    @Test
    void refusesWhenNoInputRequiresGrad() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2);
        assertThatThrownBy(() -> GradCheck.check(in -> in[0].mul(2), x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no input requires grad");
    }
}

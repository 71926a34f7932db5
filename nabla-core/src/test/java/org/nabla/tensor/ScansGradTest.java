package org.nabla.tensor;

import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.autograd.GradChecked.Inputs.SECOND_ORDER;
import static org.nabla.tensor.GradInputs.leaf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

@ExtendWith(GradCoverage.class)
class ScansGradTest {

    /** Exact zeros at several places, one row with two of them: cumprod's backward cannot divide by x there. */
    private static Tensor withZeros() {
        return Tensor.of(new double[] {1.5, 0, -2, 0.75, 0, 1.25, 0.5, 0, -1.5, 2, 0, 1}, 3, 4).requiresGrad(true);
    }

    @Test
    @GradChecked(value = "Cumsum", on = {PLAIN, NON_CONTIGUOUS, SECOND_ORDER})
    void cumsum() {
        for (int dim : new int[] {0, 1, -1}) {
            int d = dim;
            GradCoverage.assertGradients(in -> in[0].cumsum(d), GradInputs.normal(1, 3, 4));
            GradCoverage.assertGradients(in -> in[0].cumsum(d), leaf(GradInputs.normal(2, 4, 3).t()));
        }
        GradCoverage.assertGradients(in -> in[0].cumsum(1), GradInputs.normal(3, 2, 3, 4));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].cumsum(1).tanh(), GradInputs.constant(4, 3, 4), 0), GradInputs.normal(5, 3, 4));
    }

    @Test
    @GradChecked(value = "Cumprod", on = {PLAIN, NON_CONTIGUOUS, SECOND_ORDER})
    void cumprodWithoutZeros() {
        for (int dim : new int[] {0, 1, -1}) {
            int d = dim;
            GradCoverage.assertGradients(in -> in[0].cumprod(d), GradInputs.awayFromZero(6, 3, 4));
            GradCoverage.assertGradients(in -> in[0].cumprod(d), leaf(GradInputs.awayFromZero(7, 4, 3).t()));
        }
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].cumprod(1), GradInputs.constant(8, 3, 4), 0), GradInputs.awayFromZero(9, 3, 4));
    }

    @Test
    @GradChecked(value = "Cumprod", on = {PLAIN, NON_CONTIGUOUS, SECOND_ORDER})
    void cumprodWithZeros() {
        GradCoverage.assertGradients(in -> in[0].cumprod(1), withZeros());
        GradCoverage.assertGradients(in -> in[0].cumprod(0), withZeros());
        GradCoverage.assertGradients(in -> in[0].cumprod(0), leaf(withZeros().detach().t()));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].cumprod(1), GradInputs.constant(10, 3, 4), 0), withZeros());
    }
}

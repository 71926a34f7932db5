package org.nabla.tensor;

import static org.nabla.autograd.GradChecked.Inputs.BROADCAST;
import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.tensor.GradInputs.leaf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

/** masked_fill, triu, tril and where with a number choose through Where: the gradient reaches the kept elements. */
@ExtendWith(GradCoverage.class)
class MaskingGradTest {
    private static final Tensor MASK = GradInputs.constant(1, 3, 4).gt(0);

    @Test
    @GradChecked(value = "Where", on = {PLAIN, BROADCAST, NON_CONTIGUOUS})
    void maskedFill() {
        GradCoverage.assertGradients(in -> in[0].maskedFill(MASK, -1.5), GradInputs.normal(2, 3, 4));
        GradCoverage.assertGradients(in -> in[0].maskedFill(MASK, -1.5), leaf(GradInputs.normal(3, 4, 3).t()));
        // The 0-d value gets the sum of the gradient over the filled places; a row mask broadcasts over x.
        GradCoverage.assertGradients(in -> in[0].maskedFill(MASK, in[1]), GradInputs.normal(4, 3, 4), GradInputs.normal(5));
        GradCoverage.assertGradients(in -> in[0].maskedFill(MASK.narrow(0, 0, 1), in[1]), GradInputs.normal(6, 3, 4), GradInputs.normal(7));
    }

    @Test
    @GradChecked(value = "Where", on = {PLAIN, NON_CONTIGUOUS})
    void triuAndTril() {
        for (int diagonal : new int[] {-1, 0, 2}) {
            int k = diagonal;
            GradCoverage.assertGradients(in -> in[0].triu(k), GradInputs.normal(8, 3, 4));
            GradCoverage.assertGradients(in -> in[0].tril(k), GradInputs.normal(9, 2, 3, 3));
            GradCoverage.assertGradients(in -> in[0].triu(k).mul(in[0].tril(k)), leaf(GradInputs.normal(10, 4, 3).t()));
        }
    }

    @Test
    @GradChecked(value = "Where", on = {PLAIN, BROADCAST})
    void whereWithANumber() {
        GradCoverage.assertGradients(in -> Tensor.where(MASK, in[0], 0.5), GradInputs.normal(11, 3, 4));
        GradCoverage.assertGradients(in -> Tensor.where(MASK, 2.0, in[0]), GradInputs.normal(12, 4));
    }
}

package org.nabla.tensor;

import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.autograd.GradChecked.Inputs.SECOND_ORDER;
import static org.nabla.tensor.GradInputs.leaf;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

/** sort and topk gather their values, so their gradients are Gather's; grid inputs have no ties to reorder. */
@ExtendWith(GradCoverage.class)
class SortingGradTest {

    private static final List<UnaryOperator<Tensor>> FORMS = List.of(
            x -> x.sort().values(),
            x -> x.sort(0, true).values(),
            x -> x.topk(2).values(),
            x -> x.topk(3, 0, false, true).values(),
            x -> x.topk(1, -1, true, false).values().mul(x.sort(1, true).values().narrow(1, 0, 1)));

    private static Tensor grid(long seed, int... shape) { return GradInputs.grid(seed, 0.1, shape); }

    @Test
    @GradChecked(value = "Gather", on = {PLAIN, NON_CONTIGUOUS})
    void sortAndTopkValues() {
        for (UnaryOperator<Tensor> f : FORMS) {
            GradCoverage.assertGradients(in -> f.apply(in[0]), grid(1, 3, 4));
            GradCoverage.assertGradients(in -> f.apply(in[0]), leaf(grid(2, 4, 3).t()));
        }
        GradCoverage.assertGradients(in -> in[0].sort(1, false).values(), grid(3, 2, 3, 4));
    }

    @Test
    @GradChecked(value = "Gather", on = SECOND_ORDER)
    void backwardOfSortAndTopkIsDifferentiable() {
        for (UnaryOperator<Tensor> f : FORMS.subList(0, 2))
            GradCoverage.assertGradients(GradCoverage.gradientOf(in -> f.apply(in[0]).tanh(), GradInputs.constant(4, 3, 4), 0), grid(5, 3, 4));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].topk(2).values().tanh(), GradInputs.constant(6, 3, 2), 0), grid(7, 3, 4));
    }
}

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
class IndexingGradTest {

    // Indices repeat, so the backward must add the gradients of repeated positions.
    private static final Tensor ROW_INDEX = Tensor.of(new long[] {2, 0, 2, 1, 1, 1}, 2, 3);
    private static final Tensor COLUMN_INDEX = Tensor.of(new long[] {0, 3, 3, 1, 2, 0}, 3, 2);

    @Test
    @GradChecked(value = "Gather", on = {PLAIN, NON_CONTIGUOUS})
    void gather() {
        for (Tensor x : new Tensor[] {GradInputs.normal(1, 3, 4), leaf(GradInputs.normal(2, 4, 3).t())}) {
            GradCoverage.assertGradients(in -> in[0].gather(0, ROW_INDEX), x);
            GradCoverage.assertGradients(in -> in[0].gather(1, COLUMN_INDEX), x);
            GradCoverage.assertGradients(in -> in[0].gather(-1, COLUMN_INDEX.slice(0, 0, 2, 1)), x);
        }
    }

    @Test
    @GradChecked(value = "ScatterAdd", on = {PLAIN, NON_CONTIGUOUS})
    void scatterAdd() {
        // src may be larger than index: only its leading [2, 3] block is scattered.
        GradCoverage.assertGradients(in -> in[0].scatterAdd(0, ROW_INDEX, in[1]), GradInputs.normal(3, 3, 4), GradInputs.normal(4, 2, 4));
        GradCoverage.assertGradients(in -> in[0].scatterAdd(1, COLUMN_INDEX, in[1]), GradInputs.normal(5, 3, 4), GradInputs.normal(6, 3, 2));
        GradCoverage.assertGradients(in -> in[0].scatterAdd(1, COLUMN_INDEX, in[1]),
                leaf(GradInputs.normal(7, 4, 3).t()), leaf(GradInputs.normal(8, 3, 6).slice(1, 1, 6, 3)));
    }

    @Test
    @GradChecked(value = "IndexSelect", on = {PLAIN, NON_CONTIGUOUS})
    void indexSelect() {
        Tensor index = Tensor.of(new long[] {3, 0, 3, 1, -1}, 5);
        for (Tensor x : new Tensor[] {GradInputs.normal(9, 4, 3), leaf(GradInputs.normal(10, 3, 4).t())}) {
            GradCoverage.assertGradients(in -> in[0].indexSelect(0, index), x);
            GradCoverage.assertGradients(in -> in[0].indexSelect(1, Tensor.of(new int[] {2, 0, 2, -1}, 4)), x);
            GradCoverage.assertGradients(in -> in[0].indexSelect(0, Tensor.of(new long[] {2}, new int[0])), x);
        }
    }

    @Test
    @GradChecked(value = {"Gather", "ScatterAdd"}, on = SECOND_ORDER)
    void backwardOfGatherAndScatterAddIsDifferentiable() {
        // d/dx sum(seed * tanh(gather(x) * w)) scatters through ScatterAdd, and depends on both x and w.
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].gather(1, COLUMN_INDEX).mul(in[1]).tanh(), GradInputs.constant(11, 3, 2), 0),
                GradInputs.normal(12, 3, 4), GradInputs.normal(13, 3, 2));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].scatterAdd(0, ROW_INDEX, in[1]).tanh(), GradInputs.constant(14, 3, 4), 1),
                GradInputs.normal(15, 3, 4), GradInputs.normal(16, 2, 4));
    }

    // Each target position at most once along dim, so no write of scatter is overwritten.
    private static final Tensor SCATTER_ROWS = Tensor.of(new long[] {2, 0, 1, 0, 1, 2, 0, 2}, 2, 4);

    @Test
    @GradChecked(value = "Scatter", on = {PLAIN, NON_CONTIGUOUS})
    void scatter() {
        GradCoverage.assertGradients(in -> in[0].scatter(0, SCATTER_ROWS, in[1]), GradInputs.normal(17, 3, 4), GradInputs.normal(18, 2, 4));
        // src larger than index: only its leading [2, 4] block is written.
        GradCoverage.assertGradients(in -> in[0].scatter(0, SCATTER_ROWS, in[1]), GradInputs.normal(19, 3, 4), GradInputs.normal(20, 3, 5));
        GradCoverage.assertGradients(in -> in[0].scatter(-1, COLUMN_INDEX.narrow(1, 0, 1), in[1]), GradInputs.normal(21, 3, 4), GradInputs.normal(22, 3, 1));
        GradCoverage.assertGradients(in -> in[0].scatter(0, SCATTER_ROWS, 0.5), GradInputs.normal(23, 3, 4));
        GradCoverage.assertGradients(in -> in[0].scatter(0, SCATTER_ROWS, in[1]),
                leaf(GradInputs.normal(24, 4, 3).t()), leaf(GradInputs.normal(25, 4, 2).t()));
    }

    @Test
    @GradChecked(value = "Scatter", on = SECOND_ORDER)
    void backwardOfScatterIsDifferentiable() {
        for (int wrt = 0; wrt < 2; wrt++)
            GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].scatter(0, SCATTER_ROWS, in[1]).tanh(), GradInputs.constant(26, 3, 4), wrt),
                    GradInputs.normal(27, 3, 4), GradInputs.normal(28, 2, 4));
    }
}

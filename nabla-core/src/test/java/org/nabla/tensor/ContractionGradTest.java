package org.nabla.tensor;

import static org.nabla.autograd.GradChecked.Inputs.BROADCAST;
import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.autograd.GradChecked.Inputs.SECOND_ORDER;
import static org.nabla.tensor.GradInputs.leaf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

/** einsum is composed of diagonal, sum, permute, reshape and bmm; these checks cover the equations attention uses. */
@ExtendWith(GradCoverage.class)
class ContractionGradTest {

    @Test
    @GradChecked(value = {"Bmm", "Permute"}, on = {PLAIN, NON_CONTIGUOUS})
    void attentionContractions() {
        GradCoverage.assertGradients(in -> Tensor.einsum("bij,bjk->bik", in[0], in[1]), GradInputs.normal(1, 2, 2, 3), GradInputs.normal(2, 2, 3, 2));
        GradCoverage.assertGradients(in -> Tensor.einsum("bhqd,bhkd->bhqk", in[0], in[1]), GradInputs.normal(3, 1, 2, 3, 2), GradInputs.normal(4, 1, 2, 2, 2));
        GradCoverage.assertGradients(in -> Tensor.einsum("bhqk,bhkd->bhqd", in[0], in[1]), GradInputs.normal(5, 1, 2, 2, 3), GradInputs.normal(6, 1, 2, 3, 2));
        // Keys given as a transposed view: [b, h, d, k] read as [b, h, k, d].
        GradCoverage.assertGradients(in -> Tensor.einsum("bhqd,bhkd->bhqk", in[0], in[1]),
                GradInputs.normal(7, 1, 2, 3, 2), leaf(GradInputs.normal(8, 1, 2, 2, 3).transpose(2, 3)));
        GradCoverage.assertGradients(in -> Tensor.einsum("ij,j->i", in[0], in[1]), leaf(GradInputs.normal(9, 4, 3).t()), GradInputs.normal(10, 4));
        GradCoverage.assertGradients(in -> Tensor.einsum("i,j->ij", in[0], in[1]), GradInputs.normal(11, 3), GradInputs.normal(12, 4));
        GradCoverage.assertGradients(in -> Tensor.einsum("ij,jk,kl->il", in[0], in[1], in[2]),
                GradInputs.normal(13, 2, 3), GradInputs.normal(14, 3, 2), GradInputs.normal(15, 2, 2));
        GradCoverage.assertGradients(in -> Tensor.einsum("...ij,...jk", in[0], in[1]), GradInputs.normal(16, 2, 2, 3), GradInputs.normal(17, 3, 2));
    }

    @Test
    @GradChecked(value = {"Diagonal", "Sum"}, on = {PLAIN, NON_CONTIGUOUS})
    void diagonalsTracesAndSums() {
        GradCoverage.assertGradients(in -> Tensor.einsum("ii->i", in[0]), GradInputs.normal(18, 3, 3));
        GradCoverage.assertGradients(in -> Tensor.einsum("ii", in[0]), leaf(GradInputs.normal(19, 3, 3).t()));
        GradCoverage.assertGradients(in -> Tensor.einsum("bii->bi", in[0]), GradInputs.normal(20, 2, 3, 3));
        GradCoverage.assertGradients(in -> Tensor.einsum("ijk->j", in[0]), GradInputs.normal(21, 2, 3, 2));
    }

    @Test
    @GradChecked(value = "Expand", on = BROADCAST)
    void sizeOneDimsBroadcast() {
        GradCoverage.assertGradients(in -> Tensor.einsum("ij,j->i", in[0], in[1]), GradInputs.normal(22, 2, 1), GradInputs.normal(23, 3));
        GradCoverage.assertGradients(in -> Tensor.einsum("...i,...i", in[0], in[1]), GradInputs.normal(24, 1, 3), GradInputs.normal(25, 4, 3));
    }

    @Test
    @GradChecked(value = {"Bmm", "Diagonal"}, on = SECOND_ORDER)
    void backwardOfEinsumIsDifferentiable() {
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> Tensor.einsum("bhqd,bhkd->bhqk", in[0], in[1]), GradInputs.constant(26, 1, 2, 3, 2), 0),
                GradInputs.normal(27, 1, 2, 3, 2), GradInputs.normal(28, 1, 2, 2, 2));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> Tensor.einsum("ii->i", in[0]).tanh(), GradInputs.constant(29, 3), 0),
                GradInputs.normal(30, 3, 3));
    }
}

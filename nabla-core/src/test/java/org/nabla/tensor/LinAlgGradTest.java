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

@ExtendWith(GradCoverage.class)
class LinAlgGradTest {

    private static void checkMatmul(Tensor a, Tensor b) { GradCoverage.assertGradients(in -> in[0].matmul(in[1]), a, b); }

    @Test
    @GradChecked(value = {"Mm", "Bmm"}, on = PLAIN)
    void matmulOfEveryRankPair() {
        long seed = 1;
        int[][][] shapePairs = {
                {{4}, {4}}, {{4}, {4, 3}}, {{3, 4}, {4}}, {{3, 4}, {4, 5}},
                {{4}, {2, 4, 3}}, {{2, 3, 4}, {4}}, {{2, 3, 4}, {2, 4, 5}}, {{2, 3, 4}, {4, 5}}, {{3, 4}, {2, 4, 5}}};
        for (int[][] shapes : shapePairs) checkMatmul(GradInputs.normal(seed++, shapes[0]), GradInputs.normal(seed++, shapes[1]));
        GradCoverage.assertGradients(in -> in[0].bmm(in[1]), GradInputs.normal(seed++, 2, 3, 4), GradInputs.normal(seed, 2, 4, 2));
    }

    @Test
    @GradChecked(value = {"Bmm", "Expand"}, on = BROADCAST)
    void matmulBroadcastsBatchDims() {
        checkMatmul(GradInputs.normal(20, 2, 1, 3, 4), GradInputs.normal(21, 3, 4, 2));
        checkMatmul(GradInputs.normal(22, 2, 3), GradInputs.normal(23, 2, 1, 3, 2));
        checkMatmul(GradInputs.normal(24, 3), GradInputs.normal(25, 2, 2, 3, 2));
    }

    @Test
    @GradChecked(value = {"Mm", "Bmm"}, on = NON_CONTIGUOUS)
    void matmulOfStridedViews() {
        Tensor transposed = leaf(GradInputs.normal(30, 4, 3).t());
        Tensor everyOtherColumn = leaf(GradInputs.normal(31, 4, 10).slice(1, 0, 10, 2));
        checkMatmul(transposed, everyOtherColumn);
        checkMatmul(leaf(GradInputs.normal(32, 8).slice(0, 1, 8, 2)), everyOtherColumn);
        Tensor batchPermuted = leaf(GradInputs.normal(33, 3, 2, 4).permute(1, 0, 2));
        Tensor batchTransposed = leaf(GradInputs.normal(34, 2, 5, 4).transpose(1, 2));
        checkMatmul(batchPermuted, batchTransposed);
        checkMatmul(batchPermuted, everyOtherColumn);
        GradCoverage.assertGradients(in -> in[0].bmm(in[1]), batchPermuted, batchTransposed);
        // Contiguous views that start at a storage offset (the kernel reads them in place).
        checkMatmul(leaf(GradInputs.normal(35, 3, 3, 4).select(0, 2)), leaf(GradInputs.normal(36, 6, 2).narrow(0, 2, 4)));
    }

    @Test
    @GradChecked(value = {"Mm", "Bmm"}, on = SECOND_ORDER)
    void backwardOfMatmulIsDifferentiable() {
        // d/dA sum(seed * tanh(A B)) depends on both A and B, so the Mm rules are differentiated in full.
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].matmul(in[1]).tanh(), GradInputs.constant(40, 3, 2), 0),
                GradInputs.normal(41, 3, 4), GradInputs.normal(42, 4, 2));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].matmul(in[1]).tanh(), GradInputs.constant(43, 2, 3, 2), 1),
                GradInputs.normal(44, 2, 3, 4), GradInputs.normal(45, 2, 4, 2));
    }

    @Test
    @GradChecked(value = "Addmm", on = {PLAIN, BROADCAST, NON_CONTIGUOUS})
    void addmmWithFullAndBroadcastBiases() {
        Tensor a = GradInputs.normal(50, 3, 4), b = GradInputs.normal(51, 4, 5);
        GradCoverage.assertGradients(in -> Tensor.addmm(in[0], in[1], in[2]), GradInputs.normal(52, 3, 5), a, b);
        GradCoverage.assertGradients(in -> Tensor.addmm(in[0], in[1], in[2]), GradInputs.normal(53, 5), a, b);
        GradCoverage.assertGradients(in -> Tensor.addmm(in[0], in[1], in[2]), GradInputs.normal(54, 3, 1), a, b);
        GradCoverage.assertGradients(in -> Tensor.addmm(in[0], in[1], in[2]), GradInputs.normal(55, 5),
                leaf(GradInputs.normal(56, 4, 3).t()), leaf(GradInputs.normal(57, 5, 4).t()));
    }
}

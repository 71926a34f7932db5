package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
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

@ExtendWith(GradCoverage.class)
class ViewsGradTest {

    /** Each form scaled by fixed weights, so every output element has its own gradient. */
    private static void checkForms(List<UnaryOperator<Tensor>> forms, Tensor input) {
        for (UnaryOperator<Tensor> f : forms)
            GradCoverage.assertGradients(in -> {
                Tensor y = f.apply(in[0]);
                return y.mul(GradInputs.constant(99, y.shape()));
            }, input);
    }

    /** A [2, 3, 4] view with strides (4, 1, 12): a permutation of a contiguous [4, 2, 3] tensor. */
    private static Tensor strided234(long seed) {
        Tensor v = leaf(GradInputs.normal(seed, 4, 2, 3).permute(1, 2, 0));
        assertThat(v.isContiguous()).isFalse();
        return v;
    }

    @Test
    @GradChecked(value = "View", on = PLAIN)
    void viewReshapeAndFlatten() {
        checkForms(List.of(
                x -> x.view(6, 4), x -> x.view(-1), x -> x.view(2, 12), x -> x.reshape(4, -1), x -> x.reshape(3, 2, 4),
                Tensor::flatten, x -> x.flatten(1, 2), x -> x.flatten(0, 1)), GradInputs.normal(1, 2, 3, 4));
        checkForms(List.of(Tensor::flatten, x -> x.reshape(1, 1)), GradInputs.normal(2));
    }

    @Test
    @GradChecked(value = {"View", "Contiguous"}, on = NON_CONTIGUOUS)
    void viewReshapeAndFlattenOfStridedViews() {
        // A view keeps strides when they allow it: rows 0 and 2 of a [4, 6] tensor, split into [2, 2, 3].
        checkForms(List.of(x -> x.view(2, 2, 3), x -> x.reshape(2, 3, 2)), leaf(GradInputs.normal(3, 4, 6).slice(0, 0, 4, 2)));
        // Otherwise reshape and flatten copy first (Contiguous, then View).
        checkForms(List.of(x -> x.reshape(6, 4), x -> x.reshape(-1), Tensor::flatten, x -> x.flatten(0, 1)), strided234(4));
    }

    @Test
    @GradChecked(value = "Permute", on = {PLAIN, NON_CONTIGUOUS})
    void permuteTransposeAndT() {
        List<UnaryOperator<Tensor>> forms = List.of(x -> x.permute(2, 0, 1), x -> x.permute(-1, 1, 0), x -> x.transpose(0, 2),
                x -> x.transpose(-1, 1), x -> x.select(0, 1).t());
        checkForms(forms, GradInputs.normal(5, 2, 3, 4));
        checkForms(forms, strided234(6));
    }

    @Test
    @GradChecked(value = "Slice", on = {PLAIN, NON_CONTIGUOUS})
    void sliceAndNarrow() {
        List<UnaryOperator<Tensor>> forms = List.of(
                x -> x.slice(2, 1, 4, 2), x -> x.slice(1, -2, 100, 1), x -> x.slice(0, 0, 2, 3),
                x -> x.narrow(2, 1, 2), x -> x.narrow(1, -2, 2), x -> x.slice(2, 0, 4, 2).narrow(1, 1, 1));
        checkForms(forms, GradInputs.normal(7, 2, 3, 4));
        checkForms(forms, strided234(8));
    }

    @Test
    @GradChecked(value = "Select", on = {PLAIN, NON_CONTIGUOUS})
    void select() {
        List<UnaryOperator<Tensor>> forms = List.of(x -> x.select(0, 1), x -> x.select(1, -1), x -> x.select(-1, 2),
                x -> x.select(0, 0).select(0, 2));
        checkForms(forms, GradInputs.normal(9, 2, 3, 4));
        checkForms(forms, strided234(10));
    }

    @Test
    @GradChecked(value = "Expand", on = {PLAIN, NON_CONTIGUOUS})
    void expandAndExpandAs() {
        Tensor like = Tensor.zeros(2, 3, 4);
        List<UnaryOperator<Tensor>> forms = List.of(x -> x.expand(2, 3, 4), x -> x.expand(3, -1, 4), x -> x.expandAs(like));
        checkForms(forms, GradInputs.normal(11, 3, 1));
        // A [3, 1] column with row stride 2: every other element of a [3, 2] tensor.
        checkForms(forms, leaf(GradInputs.normal(12, 3, 2).slice(1, 0, 2, 2)));
    }

    @Test
    @GradChecked(value = {"Squeeze", "Unsqueeze"}, on = {PLAIN, NON_CONTIGUOUS})
    void squeezeAndUnsqueeze() {
        List<UnaryOperator<Tensor>> forms = List.of(Tensor::squeeze, x -> x.squeeze(1), x -> x.squeeze(-1),
                x -> x.unsqueeze(0), x -> x.unsqueeze(-1), x -> x.unsqueeze(2).squeeze());
        checkForms(forms, GradInputs.normal(13, 3, 1, 4, 1));
        checkForms(forms, leaf(GradInputs.normal(14, 4, 3).t().unsqueeze(1).unsqueeze(3)));
    }

    @Test
    @GradChecked(value = "Contiguous", on = NON_CONTIGUOUS)
    void contiguousOfStridedViews() {
        checkForms(List.of(Tensor::contiguous), strided234(15));
        checkForms(List.of(Tensor::contiguous), leaf(GradInputs.normal(16, 3, 8).slice(1, 1, 8, 3)));
    }

    @Test
    @GradChecked(value = "SliceBackward", on = SECOND_ORDER)
    void backwardOfSliceAndSelectIsDifferentiable() {
        // The gradient of x.slice(...) * w with respect to x is w scattered into zeros: linear in w.
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].slice(1, 1, 6, 2).mul(in[1]), GradInputs.constant(17, 3, 3), 0),
                GradInputs.normal(18, 3, 6), GradInputs.normal(19, 3, 3));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].select(1, 2).mul(in[1]).tanh(), GradInputs.constant(20, 3), 0),
                GradInputs.normal(21, 3, 6), GradInputs.normal(22, 3));
    }

    @Test
    @GradChecked(value = "Flip", on = {PLAIN, NON_CONTIGUOUS, SECOND_ORDER})
    void flip() {
        checkForms(List.of(x -> x.flip(0), x -> x.flip(-1), x -> x.flip(0, 2), x -> x.flip(2, 1, 0), x -> x.flip()), GradInputs.normal(20, 2, 3, 4));
        checkForms(List.of(x -> x.flip(1), x -> x.flip(0, 2)), strided234(21));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].flip(1).tanh(), GradInputs.constant(22, 3, 4), 0), GradInputs.normal(23, 3, 4));
    }

    @Test
    @GradChecked(value = "Diagonal", on = {PLAIN, NON_CONTIGUOUS})
    void diagonal() {
        checkForms(List.of(Tensor::diagonal, x -> x.diagonal(1, 1, 2), x -> x.diagonal(-1, -1, 0), x -> x.diagonal(0, 2, 1)),
                GradInputs.normal(24, 2, 3, 4));
        checkForms(List.of(x -> x.diagonal(0, 1, 2), x -> x.diagonal(2, 0, 2)), strided234(25));
    }

    @Test
    @GradChecked(value = {"Diagonal", "DiagonalBackward"}, on = SECOND_ORDER)
    void backwardOfDiagonalIsDifferentiable() {
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].diagonal(1, 0, 1).tanh(), GradInputs.constant(26, 2), 0), GradInputs.normal(27, 2, 3));
    }
}

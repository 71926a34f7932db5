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
class ReductionsGradTest {

    /** Each form on a plain [2, 3, 4] input and on a [2, 3, 4] view permuted out of a [3, 4, 2] tensor. */
    private static void checkForms(List<UnaryOperator<Tensor>> forms, GradInputs.Source domain) {
        for (UnaryOperator<Tensor> f : forms) {
            GradCoverage.assertGradients(in -> f.apply(in[0]), domain.make(1, 2, 3, 4));
            GradCoverage.assertGradients(in -> f.apply(in[0]), leaf(domain.make(2, 3, 4, 2).permute(2, 0, 1)));
        }
    }

    @Test
    @GradChecked(value = "Sum", on = {PLAIN, NON_CONTIGUOUS})
    void sum() {
        checkForms(List.of(
                Tensor::sum,
                x -> x.sum(1),
                x -> x.sum(new int[] {0, 2}, true),
                x -> x.sum(-1, false),
                x -> x.sum(new int[] {-1, 0}, false)), GradInputs::normal);
        GradCoverage.assertGradients(in -> in[0].sum(), GradInputs.normal(3));
    }

    @Test
    @GradChecked(value = {"Sum", "Div", "Sub", "Mul", "Sqrt"}, on = {PLAIN, NON_CONTIGUOUS})
    void meanVarAndStd() {
        checkForms(List.of(
                Tensor::mean,
                x -> x.mean(0, 2),
                x -> x.mean(-1, true),
                Tensor::var,
                x -> x.var(new int[] {1}, 0, true),
                x -> x.var(new int[] {0, 2}, 1, false),
                Tensor::std,
                x -> x.std(new int[] {-1}, 1, false),
                x -> x.std(new int[] {0}, 0, true)), GradInputs::normal);
    }

    @Test
    @GradChecked(value = {"Amax", "Amin"}, on = {PLAIN, NON_CONTIGUOUS})
    void amaxAndAminWithoutTies() {
        checkForms(List.of(
                Tensor::max,
                Tensor::min,
                x -> x.amax(new int[] {1}, false),
                x -> x.amin(new int[] {0, 2}, true),
                x -> x.amax(new int[] {-1}, true)), (seed, shape) -> GradInputs.grid(seed, 0.1, shape));
    }

    @Test
    @GradChecked(value = "Amax")
    void amaxSplitsATwoWayTieLikeTheCentralDifference() {
        // Nudging one of two tied maxima up raises the max by eps, nudging it down leaves it: the central
        // difference is 1/2, which is exactly the even split the backward gives each of them.
        Tensor x = Tensor.of(new double[] {0.5, 2, -1, 2, 1, 0.25, 1, -3}, 2, 4).requiresGrad(true);
        GradCoverage.assertGradients(in -> in[0].amax(new int[] {1}, false), x);
        GradCoverage.assertGradients(in -> in[0].max(), x);
    }

    @Test
    @GradChecked(value = {"Gather", "Squeeze"}, on = {PLAIN, NON_CONTIGUOUS})
    void maxAndMinAlongADim() {
        checkForms(List.of(
                x -> x.max(1, false).values(),
                x -> x.min(-1, true).values(),
                x -> x.max(0, true).values().mul(x.min(0, true).values())), (seed, shape) -> GradInputs.grid(seed, 0.1, shape));
    }

    @Test
    @GradChecked(value = {"Exp", "Log", "Sum"}, on = {PLAIN, NON_CONTIGUOUS})
    void logsumexp() {
        checkForms(List.of(
                x -> x.logsumexp(1),
                x -> x.logsumexp(new int[] {0, 2}, true),
                x -> x.logsumexp(new int[] {-1}, false),
                // Far from 0, where only the shift by the maximum keeps exp finite.
                x -> x.add(800).logsumexp(2)), GradInputs::normal);
    }

    @Test
    @GradChecked(value = "Sum", on = {PLAIN, NON_CONTIGUOUS})
    void sumTo() {
        checkForms(List.of(x -> x.sumTo(3, 1), x -> x.sumTo(2, 1, 4), x -> x.sumTo(4), x -> x.sumTo(1, 1)), GradInputs::normal);
    }

    @Test
    @GradChecked(value = "Norm", on = {PLAIN, NON_CONTIGUOUS})
    void pNorms() {
        // awayFromZero: no element at 0, where |x|^(p-1) has a kink (p < 2) or a pole (p < 1).
        for (double p : new double[] {2, 3, 1.5, 0.5, -1}) {
            checkForms(List.of(
                    x -> x.norm(p),
                    x -> x.norm(p, 1, false),
                    x -> x.norm(p, new int[] {0, -1}, true)), GradInputs::awayFromZero);
        }
        checkForms(List.of(x -> x.norm(), x -> x.norm("fro", new int[] {1, 2}, false)), GradInputs::normal);
    }

    @Test
    @GradChecked(value = {"Abs", "Sum", "Amax", "Amin"}, on = {PLAIN, NON_CONTIGUOUS})
    void oneAndInfinityNorms() {
        // Distinct magnitudes (grid offset 0.1): no ties for the largest one, none at 0.
        checkForms(List.of(
                x -> x.norm(1, 1, false),
                x -> x.norm(Double.POSITIVE_INFINITY, new int[] {0, 2}, true),
                x -> x.norm(Double.NEGATIVE_INFINITY, -1, false)), (seed, shape) -> GradInputs.grid(seed, 0.1, shape));
    }

    @Test
    @GradChecked(value = {"Norm", "Exp", "Sum"}, on = SECOND_ORDER)
    void backwardOfNormAndLogsumexpIsDifferentiable() {
        Tensor seed = GradInputs.constant(40, 3);
        for (double p : new double[] {2, 3, 1.5})
            GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].norm(p, 1, false), seed, 0), GradInputs.awayFromZero(41, 3, 4));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].logsumexp(1, false), seed, 0), GradInputs.normal(42, 3, 4));
    }

    @Test
    void normGradientIsZeroWhereTheNormIsZero() {
        // PyTorch's subgradient: a zero row gets a zero gradient (not NaN) for every p.
        for (double p : new double[] {2, 1, 3, 1.5, 0.5, Double.POSITIVE_INFINITY}) {
            Tensor x = Tensor.of(new double[] {0, 0, 0, 3, -4, 0}, 2, 3).requiresGrad(true);
            x.norm(p, 1, false).sum().backward();
            assertThat(x.grad().narrow(0, 0, 1).toDoubleArray()).as("p = %s", p).containsOnly(0.0);
        }
    }
}

package org.nabla.nn.loss;

import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.autograd.GradChecked.Inputs.SECOND_ORDER;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;
import org.nabla.nn.functional.F;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * GradCheck (default tolerances, float64) of every loss with respect to its input, and to its target where the
 * target is differentiable, for each reduction; inputs are random normals, which stay away from the kinks of
 * L1, Huber, SmoothL1 and the hinge losses with probability 1.
 */
@ExtendWith(GradCoverage.class)
class LossGradTest {
    private static final List<Reduction> REDUCTIONS = List.of(Reduction.MEAN, Reduction.SUM, Reduction.NONE);

    static Tensor normal(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).to(DType.FLOAT64).requiresGrad(true); }

    /** Values in [0.05, 0.95] that require grad. */
    static Tensor unit(long seed, int... shape) { return Tensor.rand(new Generator(seed), shape).to(DType.FLOAT64).mul(0.9).add(0.05).detach().requiresGrad(true); }

    static Tensor constant(Tensor t) { return t.detach(); }

    static Tensor labels(long... v) { return Tensor.of(v, v.length); }

    /** A strided view of a fresh [cols, rows] tensor, as a leaf: a non-contiguous [rows, cols] input. */
    static Tensor transposedNormal(long seed, int rows, int cols) { return Tensor.randn(new Generator(seed), cols, rows).to(DType.FLOAT64).t().requiresGrad(true); }

    private static void checkEachReduction(Function<Reduction, Function<Tensor[], Tensor>> loss, Tensor... inputs) {
        for (Reduction r : REDUCTIONS) GradCoverage.assertGradients(loss.apply(r), inputs);
    }

    @Test
    @GradChecked(value = {"Sub", "Mul", "Abs", "Where"}, on = {PLAIN, NON_CONTIGUOUS})
    void regressionLosses() {
        checkEachReduction(r -> in -> F.mseLoss(in[0], in[1], r), normal(1, 3, 4), normal(2, 3, 4));
        checkEachReduction(r -> in -> F.l1Loss(in[0], in[1], r), normal(3, 3, 4), normal(4, 3, 4));
        checkEachReduction(r -> in -> F.huberLoss(in[0], in[1], 0.7, r), normal(5, 3, 4), normal(6, 3, 4));
        checkEachReduction(r -> in -> F.smoothL1Loss(in[0], in[1], 0.7, r), normal(7, 3, 4), normal(8, 3, 4));
        GradCoverage.assertGradients(in -> F.smoothL1Loss(in[0], in[1], 0, Reduction.MEAN), normal(9, 5), normal(10, 5));
        Tensor strided = transposedNormal(11, 3, 4);
        GradCoverage.assertGradients(in -> F.mseLoss(in[0], in[1], Reduction.MEAN), strided, normal(12, 3, 4));
        GradCoverage.assertGradients(in -> F.huberLoss(in[0], in[1], 1, Reduction.SUM), strided, normal(13, 3, 4));
    }

    @Test
    @GradChecked(value = {"LogSoftmax", "Gather", "Where"}, on = {PLAIN, NON_CONTIGUOUS})
    void crossEntropyAndNll() {
        Tensor w = Tensor.of(new double[] {0.5, 2, 1, 0.25}, 4);
        Tensor t = labels(0, 3, 1, 1, 2);
        for (double smoothing : new double[] {0, 0.2}) {
            checkEachReduction(r -> in -> F.crossEntropy(in[0], t, null, F.DEFAULT_IGNORE_INDEX, smoothing, r), normal(20, 5, 4));
            checkEachReduction(r -> in -> F.crossEntropy(in[0], labels(0, 3, -100, 1, 2), w, -100, smoothing, r), normal(21, 5, 4));
            checkEachReduction(r -> in -> F.crossEntropy(in[0], in[1].softmax(1), w, -100, smoothing, r), normal(22, 3, 4), normal(23, 3, 4));
        }
        Tensor t3 = Tensor.of(new long[] {0, 2, 1, 1, 2, 0, 0, 1}, 2, 2, 2);
        GradCoverage.assertGradients(in -> F.crossEntropy(in[0], t3, null, 1, 0.1, Reduction.MEAN), normal(24, 2, 3, 2, 2));
        GradCoverage.assertGradients(in -> F.crossEntropy(in[0], Tensor.of(new long[] {2}).reshape(), null, -100, 0, Reduction.NONE), normal(25, 4));
        GradCoverage.assertGradients(in -> F.crossEntropy(in[0], labels(2, 0, 1, 3), w, -100, 0.1, Reduction.MEAN), transposedNormal(26, 4, 4));
        checkEachReduction(r -> in -> F.nllLoss(in[0].logSoftmax(1), t, w, 3, r), normal(27, 5, 4));
    }

    @Test
    @GradChecked(value = "BinaryCrossEntropy", on = {PLAIN, NON_CONTIGUOUS})
    void binaryCrossEntropy() {
        Tensor t = Tensor.rand(new Generator(30), 3, 4).to(DType.FLOAT64);
        Tensor w = Tensor.of(new double[] {1, 2, 0.5, 0}, 4);
        checkEachReduction(r -> in -> F.binaryCrossEntropy(in[0], t, null, r), unit(31, 3, 4));
        checkEachReduction(r -> in -> F.binaryCrossEntropy(in[0], t, w, r), unit(32, 3, 4));
        Tensor strided = unit(33, 4, 3).detach().t().requiresGrad(true);
        GradCoverage.assertGradients(in -> F.binaryCrossEntropy(in[0], t, w, Reduction.MEAN), strided);
        // The rule is made of tensor ops on x, so it differentiates again: d/dx of (x - t) / (x (1 - x)). (Not a
        // SECOND_ORDER claim: the rule is written in x, so the BinaryCrossEntropy node is not in the gradient's graph.)
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> F.binaryCrossEntropy(in[0], t, w, Reduction.SUM), Tensor.scalar(1, DType.FLOAT64), 0),
                unit(34, 3, 4));
    }

    @Test
    @GradChecked(value = {"Exp", "Log", "Clamp", "Sigmoid", "Pow"}, on = {PLAIN, SECOND_ORDER})
    void logitLosses() {
        Tensor w = Tensor.of(new double[] {0.5, 1.5, 1}, 3, 1);
        Tensor pw = Tensor.of(new double[] {1, 3, 0.5, 2}, 4);
        checkEachReduction(r -> in -> F.binaryCrossEntropyWithLogits(in[0], in[1], null, null, r), normal(40, 3, 4), unit(41, 3, 4));
        checkEachReduction(r -> in -> F.binaryCrossEntropyWithLogits(in[0], in[1], w, pw, r), normal(42, 3, 4), unit(43, 3, 4));
        checkEachReduction(r -> in -> F.sigmoidFocalLoss(in[0], in[1], 0.25, 2, r), normal(44, 3, 4), unit(45, 3, 4));
        GradCoverage.assertGradients(in -> F.sigmoidFocalLoss(in[0], in[1], -1, 1.5, Reduction.MEAN), normal(46, 6), unit(47, 6));
        Tensor seed = Tensor.scalar(1, DType.FLOAT64);
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> F.binaryCrossEntropyWithLogits(in[0], in[1], null, pw, Reduction.SUM), seed, 0),
                normal(48, 2, 4), unit(49, 2, 4));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> F.sigmoidFocalLoss(in[0], in[1], 0.25, 2, Reduction.SUM), seed, 0),
                normal(50, 6), unit(51, 6));
    }

    @Test
    @GradChecked(value = {"Relu", "Gather", "Mul"}, on = {PLAIN, NON_CONTIGUOUS})
    void hingeLosses() {
        Tensor y = Tensor.of(new double[] {1, -1, 1, 1, -1, -1, 1, -1}, 8);
        checkEachReduction(r -> in -> F.hingeLoss(in[0], y, 1, r), normal(60, 8));
        GradCoverage.assertGradients(in -> F.hingeLoss(in[0], Tensor.of(new long[] {1, -1, -1, 1}, 4), 0.5, Reduction.MEAN), normal(61, 4));
        Tensor t = labels(0, 3, 1, 1, 2);
        Tensor w = Tensor.of(new double[] {0.5, 2, 1, 0.25}, 4);
        checkEachReduction(r -> in -> F.multiMarginLoss(in[0], t, 1, 1, null, r), normal(62, 5, 4));
        checkEachReduction(r -> in -> F.multiMarginLoss(in[0], t, 2, 0.5, w, r), normal(63, 5, 4));
        GradCoverage.assertGradients(in -> F.multiMarginLoss(in[0], labels(1, 2, 0), 1, 1, w, Reduction.SUM), transposedNormal(64, 3, 4));
        GradCoverage.assertGradients(in -> F.multiMarginLoss(in[0], Tensor.of(new long[] {3}).reshape(), 2, 1, null, Reduction.MEAN), normal(65, 4));
    }

    @Test
    @GradChecked(value = {"Exp", "Log", "Where"}, on = PLAIN)
    void klDivergence() {
        for (Reduction r : List.of(Reduction.MEAN, Reduction.SUM, Reduction.NONE, Reduction.BATCHMEAN)) {
            GradCoverage.assertGradients(in -> F.klDiv(in[0].logSoftmax(1), in[1].softmax(1), r, false), normal(70, 3, 4), normal(71, 3, 4));
            GradCoverage.assertGradients(in -> F.klDiv(in[0].logSoftmax(1), in[1].logSoftmax(1), r, true), normal(72, 3, 4), normal(73, 3, 4));
        }
        // A zero target probability contributes nothing and keeps the input's gradient finite.
        Tensor t = Tensor.of(new double[][] {{0, 0.5, 0.5}, {1, 0, 0}});
        GradCoverage.assertGradients(in -> F.klDiv(in[0].logSoftmax(1), t, Reduction.BATCHMEAN, false), normal(74, 2, 3));
    }
}

package org.nabla.nn.functional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.autograd.GradChecked.Inputs.SECOND_ORDER;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** The Normalize op under batch, layer and group norm (the layers and F's functions: NormLayersTest). */
@ExtendWith(GradCoverage.class)
class NormsTest {

    private static Tensor normal(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).to(DType.FLOAT64); }

    private static Tensor leaf(long seed, int... shape) { return normal(seed, shape).requiresGrad(true); }

    @Test
    @GradChecked(value = "Normalize", on = {PLAIN, NON_CONTIGUOUS, SECOND_ORDER})
    void normalizeOverAnySetOfDims() {
        for (int[] dims : new int[][] {{2}, {0}, {1, 2}, {0, 2}, {}})
            GradCoverage.assertGradients(xs -> Norms.normalize(xs[0], dims, 1e-5), leaf(1, 3, 4, 2));
        // A strided view: the transpose of a [4, 3] base, normalised along each dim.
        for (int dim = 0; dim < 2; dim++) {
            int[] dims = {dim};
            GradCoverage.assertGradients(xs -> Norms.normalize(xs[0], dims, 1e-5), normal(2, 4, 3).transpose(0, 1).detach().requiresGrad(true));
        }
        // The gradient is itself differentiable (the rule rebuilds its statistics from x under createGraph).
        GradCoverage.assertGradients(GradCoverage.gradientOf(xs -> Norms.normalize(xs[0], new int[] {1}, 1e-3), normal(3, 3, 4), 0), leaf(4, 3, 4));
        GradCoverage.assertGradients(GradCoverage.gradientOf(xs -> Norms.normalize(xs[0], new int[] {1}, 1e-5).mul(xs[1]).add(xs[2]), normal(5, 3, 4), 1),
                leaf(6, 3, 4), leaf(7, 4), leaf(8, 4));
    }

    @Test
    @GradChecked(value = "LayerNorm", on = {PLAIN, NON_CONTIGUOUS, SECOND_ORDER})
    void fusedLayerNormInInputWeightAndBias() {
        GradCoverage.assertGradients(xs -> F.layerNorm(xs[0], new int[] {4}, xs[1], xs[2], 1e-5), leaf(11, 3, 4), leaf(12, 4), leaf(13, 4));
        GradCoverage.assertGradients(xs -> F.layerNorm(xs[0], new int[] {2, 3}, xs[1], xs[2], 1e-5), leaf(14, 2, 2, 3), leaf(15, 2, 3), leaf(16, 2, 3));
        GradCoverage.assertGradients(xs -> F.layerNorm(xs[0], new int[] {4}, null, null, 1e-5), leaf(17, 3, 4));
        GradCoverage.assertGradients(xs -> F.layerNorm(xs[0], new int[] {4}, null, xs[1], 1e-5), leaf(18, 3, 4), leaf(19, 4));
        GradCoverage.assertGradients(xs -> F.layerNorm(xs[0], new int[] {4}, xs[1], null, 1e-5), leaf(27, 2, 3, 4), leaf(28, 4));
        // A strided input: the transpose of a [3, 4] base, normalised along its rows of 3.
        GradCoverage.assertGradients(xs -> F.layerNorm(xs[0], new int[] {3}, xs[1], xs[2], 1e-5),
                normal(20, 3, 4).transpose(0, 1).detach().requiresGrad(true), leaf(21, 3), leaf(22, 3));
        // The gradients are themselves differentiable (the closed form in tensor ops under createGraph); squared, so
        // that the op's output is part of every gradient's graph.
        for (int wrt = 0; wrt < 3; wrt++)
            GradCoverage.assertGradients(GradCoverage.gradientOf(xs -> F.layerNorm(xs[0], new int[] {4}, xs[1], xs[2], 1e-3).square(), normal(23, 3, 4), wrt),
                    leaf(24, 3, 4), leaf(25, 4), leaf(26, 4));
    }

    @Test
    @GradChecked(value = "BatchNorm", on = {PLAIN, NON_CONTIGUOUS, SECOND_ORDER})
    void fusedBatchNormInInputWeightAndBias() {
        GradCoverage.assertGradients(xs -> F.batchNorm(xs[0], null, null, xs[1], xs[2], true, 0.1, 1e-5), leaf(31, 2, 3, 2, 2), leaf(32, 3), leaf(33, 3));
        GradCoverage.assertGradients(xs -> F.batchNorm(xs[0], null, null, xs[1], xs[2], true, 0.1, 1e-5), leaf(34, 5, 3), leaf(35, 3), leaf(36, 3));
        GradCoverage.assertGradients(xs -> F.batchNorm(xs[0], null, null, null, null, true, 0.1, 1e-5), leaf(37, 3, 2, 4));
        GradCoverage.assertGradients(xs -> F.batchNorm(xs[0], null, null, null, xs[1], true, 0.1, 1e-5), leaf(38, 3, 2, 4), leaf(39, 2));
        GradCoverage.assertGradients(xs -> F.batchNorm(xs[0], null, null, xs[1], null, true, 0.1, 1e-5), leaf(40, 3, 2, 4), leaf(41, 2));
        // A strided input: [N, C, L] read through a transpose of a [N, L, C] base.
        GradCoverage.assertGradients(xs -> F.batchNorm(xs[0], null, null, xs[1], xs[2], true, 0.1, 1e-5),
                normal(42, 2, 4, 3).transpose(1, 2).detach().requiresGrad(true), leaf(43, 3), leaf(44, 3));
        // The gradients are themselves differentiable (the closed form in tensor ops under createGraph).
        for (int wrt = 0; wrt < 3; wrt++)
            GradCoverage.assertGradients(GradCoverage.gradientOf(xs -> F.batchNorm(xs[0], null, null, xs[1], xs[2], true, 0.1, 1e-3).square(),
                    normal(45, 3, 2, 2), wrt), leaf(46, 3, 2, 2), leaf(47, 2), leaf(48, 2));
    }

    @Test
    void fusedBatchNormInFloat32AgreesWithTheComposedForm() {
        Tensor x = Tensor.randn(new Generator(50), 4, 3, 5, 5).mul(2).add(1).requiresGrad(true);
        Tensor w = Tensor.randn(new Generator(51), 3).requiresGrad(true), b = Tensor.randn(new Generator(52), 3).requiresGrad(true);
        Tensor rm = Tensor.zeros(3), rv = Tensor.ones(3);
        Tensor g = Tensor.randn(new Generator(53), 4, 3, 5, 5);
        F.batchNorm(x, rm, rv, w, b, true, 0.1, 1e-5).backward(g);
        Tensor x2 = x.detach().to(DType.FLOAT64).requiresGrad(true), w2 = w.detach().to(DType.FLOAT64).requiresGrad(true),
                b2 = b.detach().to(DType.FLOAT64).requiresGrad(true);
        int[] dims = {0, 2, 3};
        Tensor y2 = Norms.normalize(x2, dims, 1e-5).mul(w2.reshape(1, 3, 1, 1)).add(b2.reshape(1, 3, 1, 1));
        y2.backward(g.to(DType.FLOAT64));
        org.assertj.core.api.Assertions.assertThat(x.grad().to(DType.FLOAT64).sub(x2.grad()).abs().max().item()).isLessThan(1e-5);
        org.assertj.core.api.Assertions.assertThat(w.grad().to(DType.FLOAT64).sub(w2.grad()).abs().max().item()).isLessThan(1e-4);
        org.assertj.core.api.Assertions.assertThat(b.grad().to(DType.FLOAT64).sub(b2.grad()).abs().max().item()).isLessThan(1e-4);
        // The running statistics: 0.9 * initial + 0.1 * batch (mean, unbiased variance).
        Tensor xd = x2.detach();
        Tensor mean = xd.mean(dims, false), var = xd.sub(xd.mean(dims, true)).square().sum(dims).div(99);
        org.assertj.core.api.Assertions.assertThat(rm.to(DType.FLOAT64).sub(mean.mul(0.1)).abs().max().item()).isLessThan(1e-6);
        org.assertj.core.api.Assertions.assertThat(rv.to(DType.FLOAT64).sub(var.mul(0.1).add(0.9)).abs().max().item()).isLessThan(1e-5);
    }

    @Test
    void normalizeRefusesIntegerInputs() {
        assertThatThrownBy(() -> Norms.normalize(Tensor.arange(4), new int[0], 1e-5)).hasMessage("normalize: expected a floating-point input, got int64 [4]");
    }
}

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
    void normalizeRefusesIntegerInputs() {
        assertThatThrownBy(() -> Norms.normalize(Tensor.arange(4), new int[0], 1e-5)).hasMessage("normalize: expected a floating-point input, got int64 [4]");
    }
}

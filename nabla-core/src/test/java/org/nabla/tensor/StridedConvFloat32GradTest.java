package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Finite differences on the float32 path of strided convolutions (the backend's phase decomposition: DCGAN's 4x4 and
 * U-Net's 2x2 layers at stride 2), which GradCheck's float64 copies never reach. Both ops are linear in each argument,
 * so the central difference (L(x + v) - L(x - v)) / 2 of L = sum(f(x, w) * r) equals the directional derivative
 * (grad, v) up to float32 rounding: a tolerance of 1e-3 that a gradient off by 1% fails.
 */
class StridedConvFloat32GradTest {
    private static final double TOLERANCE = 1e-3;

    private record Case(String name, int[] x, int[] w, BinaryOperator<Tensor> f) {}

    private static final Case[] CASES = {
            new Case("DCGAN generator ConvT(128, 64, 4, 2, 1)", new int[] {3, 128, 7, 7}, new int[] {128, 64, 4, 4},
                    (x, w) -> Convolution.convTranspose2d(x, w, null, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1)),
            new Case("DCGAN generator ConvT(64, 1, 4, 2, 1)", new int[] {3, 64, 14, 14}, new int[] {64, 1, 4, 4},
                    (x, w) -> Convolution.convTranspose2d(x, w, null, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1)),
            new Case("DCGAN critic Conv(64, 128, 4, 2, 1)", new int[] {2, 64, 14, 14}, new int[] {128, 64, 4, 4},
                    (x, w) -> Convolution.conv2d(x, w, null, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 1)),
            new Case("U-Net ConvT(32, 16, 2, 2)", new int[] {2, 32, 8, 8}, new int[] {32, 16, 2, 2},
                    (x, w) -> Convolution.convTranspose2d(x, w, null, new int[] {2, 2}, new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1}, 1))};

    /** The loss sum(f(x, w) * r), in float32 (its sum accumulates in double). */
    private static double loss(Case c, Tensor x, Tensor w, Tensor r) {
        return c.f().apply(x, w).mul(r).sum().item();
    }

    /** Largest relative gap between (grad, v) and the central difference along v, over a few random directions. */
    private static double worstGap(Case c, Tensor x, Tensor w, Tensor r, Tensor gx, Tensor gw, boolean alongX) {
        Generator gen = new Generator(alongX ? 31 : 37);
        double worst = 0;
        for (int k = 0; k < 3; k++) {
            Tensor v = Tensor.randn(gen, (alongX ? x : w).shape());
            double numeric = alongX ? (loss(c, x.add(v), w, r) - loss(c, x.sub(v), w, r)) / 2
                                    : (loss(c, x, w.add(v), r) - loss(c, x, w.sub(v), r)) / 2;
            double analytic = (alongX ? gx : gw).mul(v).sum().item();
            worst = Math.max(worst, Math.abs(analytic - numeric) / Math.max(1e-6, Math.abs(numeric)));
        }
        return worst;
    }

    @Test
    void float32GradientsOfStridedConvolutionsMatchFiniteDifferences() {
        Generator gen = new Generator(3);
        for (Case c : CASES) {
            Tensor x = Tensor.randn(gen, c.x()).requiresGrad(true), w = Tensor.randn(gen, c.w()).requiresGrad(true);
            Tensor y = c.f().apply(x, w);
            assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
            Tensor r = Tensor.randn(gen, y.shape());
            y.mul(r).sum().backward();
            Tensor gx = x.grad(), gw = w.grad();
            Tensor xd = x.detach(), wd = w.detach();
            assertThat(worstGap(c, xd, wd, r, gx, gw, true)).as("input gradient of %s", c.name()).isLessThan(TOLERANCE);
            assertThat(worstGap(c, xd, wd, r, gx, gw, false)).as("weight gradient of %s", c.name()).isLessThan(TOLERANCE);
            // The check has teeth: gradients off by 1% fail it.
            assertThat(worstGap(c, xd, wd, r, gx.mul(1.01), gw, true)).as("1%% off, %s", c.name()).isGreaterThan(TOLERANCE);
            assertThat(worstGap(c, xd, wd, r, gx, gw.mul(1.01), false)).as("1%% off, %s", c.name()).isGreaterThan(TOLERANCE);
        }
    }
}

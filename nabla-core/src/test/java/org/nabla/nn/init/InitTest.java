package org.nabla.nn.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Parameter;
import org.nabla.nn.init.Init.FanMode;
import org.nabla.nn.init.Init.Nonlinearity;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The initialisers' distributions, checked statistically on large tensors: bounds exactly, means and standard
 * deviations to within five standard errors (the draws are seeded, so each check is deterministic).
 */
class InitTest {
    private static final int N = 200_000;

    /** Mean and (population) standard deviation of t's values. */
    private static double[] meanStd(Tensor t) {
        double[] v = t.toDoubleArray();
        double s = 0, ss = 0;
        for (double x : v) s += x;
        double m = s / v.length;
        for (double x : v) ss += (x - m) * (x - m);
        return new double[] {m, Math.sqrt(ss / v.length)};
    }

    /** Checks mean and std against a distribution's; the std's standard error assumes a kurtosis of at most 3. */
    private static void assertMoments(Tensor t, double mean, double std) {
        double[] ms = meanStd(t);
        int n = t.numel();
        assertThat(ms[0]).as("mean").isCloseTo(mean, within(5 * std / Math.sqrt(n)));
        assertThat(ms[1]).as("std").isCloseTo(std, within(5 * std / Math.sqrt(2.0 * n)));
    }

    @Test
    void constantsFillInPlaceEvenParametersThatRequireGrad() {
        Parameter p = Parameter.zeros(3, 4);
        assertThat(Init.ones(p)).isSameAs(p);
        assertThat(p.toFloatArray()).containsOnly(1f);
        Init.constant(p, -2.5);
        assertThat(p.toFloatArray()).containsOnly(-2.5f);
        Init.zeros(p);
        assertThat(p.toFloatArray()).containsOnly(0f);
        assertThat(p.requiresGrad()).isTrue();
        assertThat(p.gradFn()).isNull();
        assertThat(GradMode.isEnabled()).isTrue();
    }

    @Test
    void uniformStaysWithinItsBoundsWithTheUniformMoments() {
        Tensor t = Init.uniform(Tensor.zeros(N), -0.5, 1.5, new Generator(1));
        assertThat(t.min().item()).isGreaterThanOrEqualTo(-0.5).isLessThan(-0.49);
        assertThat(t.max().item()).isLessThan(1.5).isGreaterThan(1.49);
        assertMoments(t, 0.5, 2 / Math.sqrt(12));
    }

    @Test
    void normalHasTheRequestedMeanAndStd() {
        assertMoments(Init.normal(Tensor.zeros(N), 3, 0.5, new Generator(2)), 3, 0.5);
        assertMoments(Init.normal(Tensor.zeros(DType.FLOAT64, 400, 500), -1, 2, new Generator(3)), -1, 2);
        assertThatThrownBy(() -> Init.normal(Tensor.zeros(3), 0, -1)).hasMessageContaining("std must be non-negative, got -1");
    }

    @Test
    void sameGeneratorStateGivesTheSameValues() {
        Tensor a = Init.kaimingNormal(Tensor.zeros(20, 30), 0, FanMode.FAN_IN, Nonlinearity.RELU, new Generator(9));
        Tensor b = Init.kaimingNormal(Tensor.zeros(20, 30), 0, FanMode.FAN_IN, Nonlinearity.RELU, new Generator(9));
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
    }

    @Test
    void fansOfLinearAndConvolutionWeights() {
        assertThat(Init.fans(Tensor.zeros(50, 20))).containsExactly(20, 50);
        // Conv2d(in=3, out=16, kernel 5x3): weight [16, 3, 5, 3]; fan_in = 3*15, fan_out = 16*15.
        assertThat(Init.fans(Tensor.zeros(16, 3, 5, 3))).containsExactly(45, 240);
        // Conv1d(in=8, out=4, kernel 7, groups 2): weight [4, 4, 7].
        assertThat(Init.fans(Tensor.zeros(4, 4, 7))).containsExactly(28, 28);
        assertThatThrownBy(() -> Init.fans(Tensor.zeros(5))).hasMessageContaining("at least 2 dims, got shape [5]");
    }

    @Test
    void xavierUsesBothFansAndTheGain() {
        // fan_in = 200 * 4 = 800, fan_out = 100 * 4 = 400 for a [100, 200, 2, 2] weight.
        Tensor w = Tensor.zeros(100, 200, 2, 2);
        double std = 2 * Math.sqrt(2.0 / 1200);
        Init.xavierUniform(w, 2, new Generator(4));
        double a = Math.sqrt(3) * std;
        assertThat(w.abs().max().item()).isLessThanOrEqualTo(a).isGreaterThan(0.999 * a);
        assertMoments(w, 0, std);
        assertMoments(Init.xavierNormal(w, 2, new Generator(5)), 0, std);
    }

    @Test
    void kaimingUsesTheChosenFanAndNonlinearityGain() {
        Tensor w = Tensor.zeros(300, 500); // fan_in 500, fan_out 300
        Init.kaimingUniform(w, 0, FanMode.FAN_IN, Nonlinearity.RELU, new Generator(6));
        double bound = Math.sqrt(2) * Math.sqrt(3.0 / 500);
        assertThat(w.abs().max().item()).isLessThanOrEqualTo(bound).isGreaterThan(0.999 * bound);
        assertMoments(w, 0, bound / Math.sqrt(3));

        Init.kaimingNormal(w, 0, FanMode.FAN_OUT, Nonlinearity.RELU, new Generator(7));
        assertMoments(w, 0, Math.sqrt(2.0 / 300));

        // leaky_relu with negative slope a = 0.2: gain sqrt(2 / 1.04).
        Init.kaimingNormal(w, 0.2, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, new Generator(8));
        assertMoments(w, 0, Math.sqrt(2 / 1.04) / Math.sqrt(500));

        // Linear's default: a = sqrt(5) gives the bound 1 / sqrt(fan_in).
        Init.kaimingUniform(w, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, new Generator(9));
        assertThat(w.abs().max().item()).isLessThanOrEqualTo(1 / Math.sqrt(500)).isGreaterThan(0.999 / Math.sqrt(500));

        // PyTorch's defaults: a = 0, fan_in, leaky_relu, i.e. the ReLU gain.
        Init.kaimingNormal(w);
        assertMoments(w, 0, Math.sqrt(2.0 / 500));
    }

    @Test
    void gainsArePyTorchs() {
        // torch.nn.init.calculate_gain values (PyTorch 1.13).
        assertThat(Init.calculateGain(Nonlinearity.LINEAR)).isEqualTo(1);
        assertThat(Init.calculateGain(Nonlinearity.CONV2D)).isEqualTo(1);
        assertThat(Init.calculateGain(Nonlinearity.CONV_TRANSPOSE3D)).isEqualTo(1);
        assertThat(Init.calculateGain(Nonlinearity.SIGMOID)).isEqualTo(1);
        assertThat(Init.calculateGain(Nonlinearity.TANH)).isCloseTo(1.6666666666666667, within(1e-15));
        assertThat(Init.calculateGain(Nonlinearity.RELU)).isCloseTo(1.4142135623730951, within(1e-15));
        assertThat(Init.calculateGain(Nonlinearity.LEAKY_RELU)).isCloseTo(1.4141428569978354, within(1e-15));
        assertThat(Init.calculateGain(Nonlinearity.LEAKY_RELU, 0.2)).isCloseTo(1.3867504905630728, within(1e-15));
        assertThat(Init.calculateGain(Nonlinearity.LEAKY_RELU, Math.sqrt(5))).isCloseTo(0.5773502691896257, within(1e-15));
        assertThat(Init.calculateGain(Nonlinearity.SELU)).isEqualTo(0.75);
        assertThat(Nonlinearity.of("leaky_relu")).isEqualTo(Nonlinearity.LEAKY_RELU);
        assertThat(Nonlinearity.of("conv_transpose2d")).isEqualTo(Nonlinearity.CONV_TRANSPOSE2D);
        assertThatThrownBy(() -> Nonlinearity.of("swish")).hasMessageContaining("unsupported nonlinearity 'swish'").hasMessageContaining("leaky_relu");
    }

    /** The largest |(A A^T - I)_ij| for a row-major r x c matrix whose rows should be orthonormal. */
    private static double rowOrthonormalityError(double[] a, int r, int c) {
        double worst = 0;
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++) {
                double dot = 0;
                for (int k = 0; k < c; k++) dot += a[i * c + k] * a[j * c + k];
                worst = Math.max(worst, Math.abs(dot - (i == j ? 1 : 0)));
            }
        return worst;
    }

    private static double[] transpose(double[] a, int r, int c) {
        double[] t = new double[a.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = a[i * c + j];
        return t;
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        // Wide: rows orthonormal (W W^T = I).
        Tensor wide = Init.orthogonal(Tensor.zeros(DType.FLOAT64, 20, 50), 1, new Generator(10));
        assertThat(rowOrthonormalityError(wide.toDoubleArray(), 20, 50)).isLessThan(1e-12);
        // Tall: columns orthonormal (W^T W = I).
        Tensor tall = Init.orthogonal(Tensor.zeros(DType.FLOAT64, 60, 25), 1, new Generator(11));
        assertThat(rowOrthonormalityError(transpose(tall.toDoubleArray(), 60, 25), 25, 60)).isLessThan(1e-12);
        // Square float32 weight: W W^T = I to float32 precision.
        Tensor square = Init.orthogonal(Parameter.zeros(64, 64), 1, new Generator(12));
        assertThat(rowOrthonormalityError(square.toDoubleArray(), 64, 64)).isLessThan(1e-5);
        // A conv weight [8, 3, 3, 3] is treated as [8, 27]; the gain scales W W^T to gain^2 I.
        Tensor conv = Init.orthogonal(Tensor.zeros(DType.FLOAT64, 8, 3, 3, 3), 2, new Generator(13));
        double[] scaled = conv.div(2).toDoubleArray();
        assertThat(rowOrthonormalityError(scaled, 8, 27)).isLessThan(1e-12);
        assertThatThrownBy(() -> Init.orthogonal(Tensor.zeros(5))).hasMessageContaining("2 or more dimensions");
    }

    @Test
    void orthogonalFactorHasAPositiveRDiagonalLikePyTorchsSignCorrection() {
        // With the sign correction Q is unique: Q^T A = R must be upper triangular with a positive diagonal.
        int m = 7, n = 4;
        Generator gen = new Generator(14);
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) a[i] = gen.nextGaussian();
        double[] q = Init.orthonormalFactor(a.clone(), m, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double r = 0;
                for (int k = 0; k < m; k++) r += q[k * n + i] * a[k * n + j];
                if (i > j) assertThat(r).as("R[%d][%d]", i, j).isCloseTo(0, within(1e-12));
                if (i == j) assertThat(r).as("R[%d][%d]", i, j).isPositive();
            }
    }

    @Test
    void orthogonalOfAnIdentityLikeMatrixKeepsItsSigns() {
        // QR of a diagonal matrix with mixed signs: Q must be diag(sign), which the sign correction guarantees.
        double[] a = {2, 0, 0, 0, -3, 0, 0, 0, 0.5};
        assertThat(Init.orthonormalFactor(a, 3, 3)).containsExactly(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}, within(1e-15));
    }
}

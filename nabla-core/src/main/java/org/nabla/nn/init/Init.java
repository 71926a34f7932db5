package org.nabla.nn.init;

import java.util.Arrays;
import java.util.Locale;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Initialisers that fill a tensor in place, like {@code torch.nn.init}; each draws from the given generator (the
 * global one when omitted), runs without recording gradients and returns the tensor it filled.
 *
 * <h2>Default initialisation of the layers</h2>
 * Every layer initialises its parameters as PyTorch 1.13 does, so a model built here starts from the same
 * distributions as its PyTorch twin (the values differ: the random streams do).
 * <table>
 * <caption>Default initialisation per layer</caption>
 * <tr><th>layer</th><th>parameters and buffers</th></tr>
 * <tr><td>Linear(in, out)</td><td>weight: Kaiming-uniform with a = sqrt(5), i.e. U(-1/sqrt(in), 1/sqrt(in));
 *     bias: U(-1/sqrt(in), 1/sqrt(in))</td></tr>
 * <tr><td>Conv1d, Conv2d, ConvTranspose2d</td><td>the same with fan_in = in_channels / groups * kernel size
 *     (ConvTranspose: fan_in computed from its weight [in, out / groups, *kernel], i.e. out / groups * kernel
 *     size, as in PyTorch)</td></tr>
 * <tr><td>BatchNorm1d, BatchNorm2d</td><td>weight 1, bias 0; running_mean 0, running_var 1,
 *     num_batches_tracked 0</td></tr>
 * <tr><td>LayerNorm, GroupNorm</td><td>weight 1, bias 0</td></tr>
 * <tr><td>Embedding(num, dim)</td><td>weight N(0, 1), with the padding_idx row (if any) set to 0</td></tr>
 * <tr><td>PReLU</td><td>weight 0.25 (one slope, or one per channel)</td></tr>
 * <tr><td>Dropout, Dropout2d, activations, pooling, Flatten, Identity</td><td>no parameters</td></tr>
 * </table>
 * To change a model's initialisation, apply a function to its modules, e.g.
 * {@code model.apply(m -> { if (m instanceof Linear l) Init.kaimingNormal(l.weight, 0, FanMode.FAN_IN, Nonlinearity.RELU); })}.
 */
public final class Init {
    private Init() {}

    /** Which fan Kaiming initialisation preserves: the variance of the activations (forward) or of the gradients (backward). */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** The nonlinearities {@link #calculateGain} knows, as in {@code torch.nn.init.calculate_gain}. */
    public enum Nonlinearity {
        LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID, TANH, RELU, LEAKY_RELU, SELU;

        /** From PyTorch's name ("relu", "leaky_relu", "conv_transpose2d", ...). */
        public static Nonlinearity of(String torchName) {
            for (Nonlinearity n : values()) if (n.name().toLowerCase(Locale.ROOT).equals(torchName)) return n;
            throw new IllegalArgumentException("calculate_gain: unsupported nonlinearity '" + torchName + "'; expected one of "
                    + Arrays.toString(Arrays.stream(values()).map(n -> n.name().toLowerCase(Locale.ROOT)).toArray()));
        }
    }

    // ------------------------------------------------------------ constants

    public static Tensor zeros(Tensor t) { return constant(t, 0); }

    public static Tensor ones(Tensor t) { return constant(t, 1); }

    /** Fills t with value. */
    public static Tensor constant(Tensor t, double value) {
        try (var s = GradMode.noGrad()) {
            return t.fill(value);
        }
    }

    // ------------------------------------------------------------ uniform and normal

    /** Fills t with U(low, high). */
    public static Tensor uniform(Tensor t, double low, double high, Generator gen) {
        try (var s = GradMode.noGrad()) {
            return t.copyFrom(Tensor.rand(gen, t.shape()).mul(high - low).add(low).to(t.dtype()));
        }
    }

    public static Tensor uniform(Tensor t, double low, double high) { return uniform(t, low, high, Generator.global()); }

    /** Fills t with N(mean, std^2). */
    public static Tensor normal(Tensor t, double mean, double std, Generator gen) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be non-negative, got " + std);
        try (var s = GradMode.noGrad()) {
            return t.copyFrom(Tensor.randn(gen, t.shape()).mul(std).add(mean).to(t.dtype()));
        }
    }

    public static Tensor normal(Tensor t, double mean, double std) { return normal(t, mean, std, Generator.global()); }

    // ------------------------------------------------------------ Xavier / Glorot

    /** U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010). */
    public static Tensor xavierUniform(Tensor t, double gain, Generator gen) {
        double a = Math.sqrt(3) * xavierStd(t, gain);
        return uniform(t, -a, a, gen);
    }

    public static Tensor xavierUniform(Tensor t, double gain) { return xavierUniform(t, gain, Generator.global()); }

    public static Tensor xavierUniform(Tensor t) { return xavierUniform(t, 1, Generator.global()); }

    /** N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, double gain, Generator gen) { return normal(t, 0, xavierStd(t, gain), gen); }

    public static Tensor xavierNormal(Tensor t, double gain) { return xavierNormal(t, gain, Generator.global()); }

    public static Tensor xavierNormal(Tensor t) { return xavierNormal(t, 1, Generator.global()); }

    private static double xavierStd(Tensor t, double gain) {
        int[] f = fans(t);
        return gain * Math.sqrt(2.0 / (f[0] + f[1]));
    }

    // ------------------------------------------------------------ Kaiming / He

    /**
     * U(-b, b) with b = gain * sqrt(3 / fan) (He et al., 2015), gain = calculateGain(nonlinearity, a); a is the
     * negative slope of a leaky ReLU (used only for LEAKY_RELU). PyTorch's defaults are a = 0, FAN_IN, LEAKY_RELU.
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator gen) {
        double bound = Math.sqrt(3) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, -bound, bound, gen);
    }

    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        return kaimingUniform(t, a, mode, nonlinearity, Generator.global());
    }

    public static Tensor kaimingUniform(Tensor t) { return kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU); }

    /** N(0, std^2) with std = gain / sqrt(fan). */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator gen) {
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity), gen);
    }

    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        return kaimingNormal(t, a, mode, nonlinearity, Generator.global());
    }

    public static Tensor kaimingNormal(Tensor t) { return kaimingNormal(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU); }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        int[] f = fans(t);
        return calculateGain(nonlinearity, a) / Math.sqrt(mode == FanMode.FAN_IN ? f[0] : f[1]);
    }

    // ------------------------------------------------------------ orthogonal

    /**
     * A (semi-)orthogonal matrix times gain (Saxe et al., 2013), as {@code torch.nn.init.orthogonal_}: t is viewed
     * as [rows, numel / rows]; a standard normal matrix of that shape (transposed when rows {@literal <} cols) is factored as
     * QR, Q's columns are multiplied by the signs of R's diagonal (which makes Q uniformly distributed and
     * independent of the QR algorithm), and Q (transposed back) fills t. The rows (rows {@literal <=} cols) or the columns
     * (rows >= cols) come out orthonormal.
     */
    public static Tensor orthogonal(Tensor t, double gain, Generator gen) {
        if (t.dim() < 2)
            throw new IllegalArgumentException("orthogonal: only tensors with 2 or more dimensions are supported, got shape " + Arrays.toString(t.shape()));
        if (t.numel() == 0) return t;
        int rows = t.size(0), cols = t.numel() / rows;
        boolean transpose = rows < cols;
        int m = Math.max(rows, cols), n = Math.min(rows, cols);
        double[] a = new double[m * n]; // row-major m x n
        for (int i = 0; i < a.length; i++) a[i] = gen.nextGaussian();
        double[] q = orthonormalFactor(a, m, n);
        double[] w = new double[rows * cols];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double v = gain * q[i * n + j];
                if (transpose) w[j * cols + i] = v;
                else w[i * cols + j] = v;
            }
        try (var s = GradMode.noGrad()) {
            return t.copyFrom(Tensor.of(w, t.shape()).to(t.dtype()));
        }
    }

    public static Tensor orthogonal(Tensor t, double gain) { return orthogonal(t, gain, Generator.global()); }

    public static Tensor orthogonal(Tensor t) { return orthogonal(t, 1, Generator.global()); }

    /**
     * Q of the reduced QR factorisation of the m x n (m >= n, row-major) matrix a, by Householder reflections,
     * with each column j multiplied by sign(R[j][j]) as PyTorch does. a is overwritten.
     */
    static double[] orthonormalFactor(double[] a, int m, int n) {
        double[][] v = new double[n][];
        double[] rDiag = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) norm += a[i * n + k] * a[i * n + k];
            norm = Math.sqrt(norm);
            double x0 = a[k * n + k];
            double alpha = x0 >= 0 ? -norm : norm; // reflect away from x0 to avoid cancellation
            rDiag[k] = alpha;
            double[] vk = new double[m - k];
            for (int i = k; i < m; i++) vk[i - k] = a[i * n + k];
            vk[0] -= alpha;
            double vnorm = 0;
            for (double e : vk) vnorm += e * e;
            vnorm = Math.sqrt(vnorm);
            if (vnorm == 0) { // the column is already zero below the diagonal and R[k][k] = 0
                rDiag[k] = 0;
                continue;
            }
            for (int i = 0; i < vk.length; i++) vk[i] /= vnorm;
            v[k] = vk;
            // a[k:, k+1:] -= 2 v (v^T a[k:, k+1:])
            for (int j = k + 1; j < n; j++) {
                double dot = 0;
                for (int i = k; i < m; i++) dot += vk[i - k] * a[i * n + j];
                dot *= 2;
                for (int i = k; i < m; i++) a[i * n + j] -= dot * vk[i - k];
            }
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
        double[] q = new double[m * n];
        for (int j = 0; j < n; j++) q[j * n + j] = 1;
        for (int k = n - 1; k >= 0; k--) {
            double[] vk = v[k];
            if (vk == null) continue;
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int i = k; i < m; i++) dot += vk[i - k] * q[i * n + j];
                dot *= 2;
                for (int i = k; i < m; i++) q[i * n + j] -= dot * vk[i - k];
            }
        }
        for (int j = 0; j < n; j++) {
            double sign = Math.signum(rDiag[j]); // torch: q *= diag(r).sign()
            for (int i = 0; i < m; i++) q[i * n + j] *= sign;
        }
        return q;
    }

    // ------------------------------------------------------------ gains and fans

    /**
     * The recommended gain for a nonlinearity, as {@code torch.nn.init.calculate_gain}: 1 for linear, the
     * convolutions and sigmoid; 5/3 for tanh; sqrt(2) for relu; sqrt(2 / (1 + slope^2)) for leaky_relu with
     * negative slope param; 3/4 for selu (PyTorch's value; for self-normalising networks PyTorch advises
     * kaimingNormal with LINEAR instead, which gives the weights variance 1 / fan_in).
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID -> 1;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + param * param));
            case SELU -> 3.0 / 4;
        };
    }

    /** The gain with PyTorch's default param (a negative slope of 0.01 for leaky_relu). */
    public static double calculateGain(Nonlinearity nonlinearity) { return calculateGain(nonlinearity, 0.01); }

    /** fan_in and fan_out of a weight [out, in, *kernel]: in * receptive field and out * receptive field. */
    public static int[] fans(Tensor t) {
        if (t.dim() < 2)
            throw new IllegalArgumentException("fans: fan in and fan out need a tensor with at least 2 dims, got shape "
                    + java.util.Arrays.toString(t.shape()));
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) receptive *= t.size(d);
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }
}

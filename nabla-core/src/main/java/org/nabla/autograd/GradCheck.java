package org.nabla.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Compares analytic gradients with central finite differences, like {@code torch.autograd.gradcheck}.
 * Inputs that require grad are checked; float32 inputs are copied to float64 first, float64 inputs are
 * used as given (so strided views stay strided). For outputs of up to {@value #FULL_JACOBIAN_LIMIT}
 * elements the whole Jacobian is compared, otherwise a few random vector-Jacobian products.
 * An element passes when |analytic - numeric| <= atol + rtol * |numeric|.
 */
public final class GradCheck {
    static final int FULL_JACOBIAN_LIMIT = 64;
    private static final int RANDOM_PROJECTIONS = 3;

    private double eps = 1e-6, atol = 1e-5, rtol = 1e-3;

    /** The outcome; on failure it names the worst element. */
    public record Result(boolean passed, int input, int[] element, double analytic, double numeric, String message) {}

    public static GradCheck withTolerance(double atol, double rtol) {
        GradCheck g = new GradCheck();
        g.atol = atol;
        g.rtol = rtol;
        return g;
    }

    public GradCheck eps(double eps) {
        this.eps = eps;
        return this;
    }

    /** Checks with the default tolerances (eps 1e-6, atol 1e-5, rtol 1e-3). */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) { return new GradCheck().run(f, inputs); }

    /** Like {@link #check} but throws an AssertionError with the report on failure. */
    public static void assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) { new GradCheck().assertPasses(f, inputs); }

    public void assertPasses(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Result r = run(f, inputs);
        if (!r.passed()) throw new AssertionError(r.message());
    }

    public Result run(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        List<Integer> checked = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in.requiresGrad()) {
                checkNoOverlap(i, in);
                Tensor x = in.dtype() == DType.FLOAT64 ? in.detach() : in.detach().to(DType.FLOAT64);
                xs[i] = x.requiresGrad(true);
                checked.add(i);
            } else {
                xs[i] = in.detach();
            }
        }
        if (checked.isEmpty()) throw new IllegalArgumentException("gradcheck: no input requires grad");

        Tensor y = f.apply(xs);
        if (!y.dtype().isFloating()) throw new IllegalArgumentException("gradcheck: the function must return a floating tensor, got " + y.dtype());
        if (!y.requiresGrad()) throw new IllegalArgumentException("gradcheck: the output does not depend on any input that requires grad");
        int m = y.numel();
        double[][] seeds = seeds(m);

        // Analytic: one backward per seed, through the same graph.
        double[][][] analytic = new double[seeds.length][inputs.length][];
        for (int s = 0; s < seeds.length; s++) {
            for (int i : checked) xs[i].setGrad(null);
            y.backward(Tensor.of(seeds[s], y.shape()).to(y.dtype()), true);
            for (int i : checked) {
                Tensor g = xs[i].grad();
                analytic[s][i] = g == null ? new double[xs[i].numel()] : g.toDoubleArray();
            }
        }

        // Numeric: perturb each element both ways, then project the difference on every seed.
        Result worst = null;
        double worstExcess = Double.NEGATIVE_INFINITY;
        // Numeric passes build no graph; a function that differentiates inside turns grad mode back on itself.
        try (var scope = GradMode.noGrad()) {
            for (int i : checked) {
                Tensor x = xs[i];
                int n = x.numel();
                int[] shape = x.shape();
                for (int e = 0; e < n; e++) {
                    int[] idx = unravel(e, shape);
                    double orig = x.get(idx);
                    x.storage().setDouble(position(x, idx), orig + eps);
                    double[] plus = f.apply(xs).toDoubleArray();
                    x.storage().setDouble(position(x, idx), orig - eps);
                    double[] minus = f.apply(xs).toDoubleArray();
                    x.storage().setDouble(position(x, idx), orig);
                    for (int s = 0; s < seeds.length; s++) {
                        double num = 0;
                        for (int j = 0; j < m; j++) num += seeds[s][j] * (plus[j] - minus[j]) / (2 * eps);
                        double ana = analytic[s][i][e];
                        double excess = Math.abs(ana - num) - (atol + rtol * Math.abs(num));
                        if (Double.isNaN(ana) != Double.isNaN(num)) excess = Double.POSITIVE_INFINITY;
                        if (excess > worstExcess) {
                            worstExcess = excess;
                            String where = "input " + i + " element " + Arrays.toString(idx)
                                    + (m <= FULL_JACOBIAN_LIMIT ? " (output element " + Arrays.toString(unravel(s, y.shape())) + ")" : " (random projection " + s + ")");
                            worst = new Result(excess <= 0, i, idx, ana, num, where);
                        }
                    }
                }
            }
        }
        if (worst == null) return new Result(true, -1, new int[0], 0, 0, "gradcheck passed (no elements)");
        String msg = (worst.passed() ? "gradcheck passed; closest to failing: " : "gradcheck failed at ") + worst.message()
                + ": analytic " + worst.analytic() + " vs numeric " + worst.numeric()
                + " (|diff| " + String.format("%.3e", Math.abs(worst.analytic() - worst.numeric()))
                + ", allowed " + String.format("%.3e", atol + rtol * Math.abs(worst.numeric())) + ")";
        return new Result(worst.passed(), worst.input(), worst.element(), worst.analytic(), worst.numeric(), msg);
    }

    private static double[][] seeds(int m) {
        if (m <= FULL_JACOBIAN_LIMIT) {
            double[][] s = new double[m][m];
            for (int j = 0; j < m; j++) s[j][j] = 1;
            return s;
        }
        Generator gen = new Generator(20261123L);
        double[][] s = new double[RANDOM_PROJECTIONS][m];
        for (double[] row : s) for (int j = 0; j < m; j++) row[j] = gen.nextGaussian();
        return s;
    }

    private static void checkNoOverlap(int i, Tensor t) {
        int[] shape = t.shape(), strides = t.stride();
        for (int d = 0; d < shape.length; d++)
            if (strides[d] == 0 && shape[d] > 1)
                throw new IllegalArgumentException("gradcheck: input " + i + " is an expanded view (stride 0 in dim " + d
                        + "), so perturbing one element moves several; pass a contiguous copy");
    }

    private static int position(Tensor t, int[] idx) {
        int p = t.layout().offset();
        int[] st = t.layout().strides();
        for (int d = 0; d < idx.length; d++) p += idx[d] * st[d];
        return p;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}

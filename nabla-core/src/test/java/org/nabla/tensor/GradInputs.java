package org.nabla.tensor;

/**
 * Seeded float64 leaves for gradient checks, each kept away from the kinks of the ops it feeds. For a
 * non-contiguous input take a view of one of these and pass {@link #leaf} of it.
 */
final class GradInputs {
    private GradInputs() {}

    /** Makes an input of the given shape from a seed. */
    @FunctionalInterface
    interface Source {
        Tensor make(long seed, int... shape);
    }

    /** Standard normal values. */
    static Tensor normal(long seed, int... shape) {
        Generator gen = new Generator(seed);
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = gen.nextGaussian();
        return leafOf(v, shape);
    }

    /** Values in [0.5, 2]: safe for log, sqrt, reciprocals and pow with any exponent. */
    static Tensor positive(long seed, int... shape) {
        Generator gen = new Generator(seed);
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = 0.5 + 1.5 * gen.nextDouble();
        return leafOf(v, shape);
    }

    /** Magnitudes in [0.5, 2] with random signs: away from the kink of abs, relu and sign, and safe to divide by. */
    static Tensor awayFromZero(long seed, int... shape) {
        Generator gen = new Generator(seed);
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = (gen.nextLong(2) == 0 ? -1 : 1) * (0.5 + 1.5 * gen.nextDouble());
        return leafOf(v, shape);
    }

    /**
     * The distinct values offset + 0.25 k for k around 0, shuffled: no two tie, and with offset 0.1 none is
     * within 0.1 of an integer or of a multiple of 0.25 (floor, ceil, clamp bounds, max and min).
     */
    static Tensor grid(long seed, double offset, int... shape) {
        Generator gen = new Generator(seed);
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = offset + 0.25 * (i - v.length / 2);
        for (int i = v.length - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return leafOf(v, shape);
    }

    /** A leaf that requires grad over the same storage, strides and offset as view. */
    static Tensor leaf(Tensor view) { return view.detach().requiresGrad(true); }

    /** A float64 constant (no grad): upstream gradients for second-order checks, weights. */
    static Tensor constant(long seed, int... shape) { return normal(seed, shape).detach(); }

    private static Tensor leafOf(double[] v, int[] shape) { return Tensor.of(v, shape).requiresGrad(true); }
}

package org.nabla.nn;

import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al., 2014), as {@code torch.nn.Dropout}: in training each element is zeroed
 * with probability p and the kept ones are scaled by 1 / (1 - p), so the expected output equals the input; in
 * eval mode it is the identity. p = 1 gives zeros. The mask is drawn from the layer's generator (the global one
 * unless given) and is the one the backward multiplies by.
 */
public final class Dropout extends Module {
    private final double p;
    private final Generator gen;

    /** p = 0.5, PyTorch's default. */
    public Dropout() { this(0.5); }

    public Dropout(double p) { this(p, Generator.global()); }

    public Dropout(double p, Generator gen) {
        this.p = checkP("Dropout", p);
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) { return dropout(x, p, isTraining(), gen); }

    public double p() { return p; }

    /** The functional form: x times a fresh mask in training, x itself otherwise (or when p = 0). */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        checkP("dropout", p);
        checkFloating("dropout", x);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0); // as PyTorch: input * 0, so NaN and inf stay NaN
        return x.mul(mask(gen, x.dtype(), x.shape(), p));
    }

    /**
     * A tensor of the given shape holding 1 / (1 - p) with probability 1 - p and 0 otherwise. One draw of gen
     * seeds a SplitMix64 stream whose 64-bit outputs give two 32-bit uniforms each, so the generator's state
     * still decides the mask while the loop stays free of per-element synchronised calls.
     */
    static Tensor mask(Generator gen, DType dtype, int[] shape, double p) {
        int n = 1;
        for (int d : shape) n *= d;
        long threshold = (long) Math.ceil(p * 0x1p32); // keep where a uniform u in [0, 2^32) has u >= p * 2^32
        long state = gen.nextLong();
        double scale = 1 / (1 - p);
        boolean f64 = dtype == DType.FLOAT64;
        double[] md = f64 ? new double[n] : null;
        float[] mf = f64 ? null : new float[n];
        float sf = (float) scale;
        for (int i = 0; i < n; i += 2) {
            long z = state += 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            boolean keep0 = (z >>> 32) >= threshold, keep1 = (z & 0xFFFFFFFFL) >= threshold;
            if (f64) {
                md[i] = keep0 ? scale : 0;
                if (i + 1 < n) md[i + 1] = keep1 ? scale : 0;
            } else {
                mf[i] = keep0 ? sf : 0;
                if (i + 1 < n) mf[i + 1] = keep1 ? sf : 0;
            }
        }
        return f64 ? Tensor.of(md, shape) : Tensor.of(mf, shape);
    }

    static double checkP(String who, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(who + ": dropout probability has to be in [0, 1], got " + p);
        return p;
    }

    static void checkFloating(String who, Tensor x) {
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(who + ": expected a floating-point input, got " + x.dtype());
    }

    @Override
    protected String extraRepr() { return "p=" + PyRepr.num(p); }
}

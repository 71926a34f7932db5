package org.nabla.nn.functional;

import java.util.Arrays;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Shape;
import org.nabla.tensor.Tensor;

/**
 * The dropout family behind {@link F}: element, channel and row (stochastic depth) dropout and DropConnect. All
 * draw one mask from {@link #mask}, so a layer and its function give the same result for the same generator.
 */
final class Dropouts {
    private Dropouts() {}

    static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        check("dropout", x, p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0); // as PyTorch: input * 0, so NaN and inf stay NaN
        return x.mul(mask(gen, x.dtype(), x.shape(), p));
    }

    /** One mask value per channel of [N, C, H, W] or [C, H, W], broadcast over H and W. */
    static Tensor dropout2d(Tensor x, double p, boolean training, Generator gen) {
        check("dropout2d", x, p);
        if (x.dim() != 3 && x.dim() != 4)
            throw new IllegalArgumentException("dropout2d: expected input [N, C, H, W] or [C, H, W], got " + Shape.str(x.shape()));
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0);
        int[] maskShape = x.shape();
        maskShape[maskShape.length - 1] = 1;
        maskShape[maskShape.length - 2] = 1;
        return x.mul(mask(gen, x.dtype(), maskShape, p));
    }

    /**
     * torchvision's stochastic_depth: mode "row" keeps or drops each sample (dim 0) as a whole, "batch" the whole
     * input; kept ones are scaled by 1 / (1 - p), and p = 1 gives zeros.
     */
    static Tensor stochasticDepth(Tensor x, double p, String mode, boolean training, Generator gen) {
        check("stochastic_depth", x, p);
        if (!"row".equals(mode) && !"batch".equals(mode))
            throw new IllegalArgumentException("stochastic_depth: mode has to be either 'batch' or 'row', got '" + mode + "'");
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0);
        int[] maskShape = new int[x.dim()];
        Arrays.fill(maskShape, 1);
        if (mode.equals("row") && x.dim() > 0) maskShape[0] = x.size(0);
        return x.mul(mask(gen, x.dtype(), maskShape, p));
    }

    /** linear with dropout applied to the weight (not the bias): one weight mask per call, shared by the batch. */
    static Tensor dropConnect(Tensor x, Tensor weight, Tensor bias, double p, boolean training, Generator gen) {
        check("drop_connect", weight, p);
        return F.linear(x, training ? dropout(weight, p, true, gen) : weight, bias);
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

    private static void check(String op, Tensor x, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(op + ": dropout probability has to be in [0, 1], got " + p);
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": expected a floating-point input, got " + x.dtype());
    }
}

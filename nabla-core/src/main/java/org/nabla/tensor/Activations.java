package org.nabla.tensor;

import java.util.Arrays;
import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;
import org.nabla.backend.BinaryOp;
import org.nabla.backend.UnaryOp;

/**
 * The activation ops behind {@code nn.functional.F} beyond the ones on {@link Tensor} (relu, sigmoid, tanh, sign), with PyTorch's semantics,
 * including the gradient it takes at the kinks. Each computes its value without recording and then records one
 * node with a closed-form backward written in tensor ops (so it is itself differentiable).
 */
public final class Activations {
    private Activations() {}

    /** SELU's constants (Klambauer et al. 2017), as in PyTorch. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SQRT_HALF = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794; // 1 / sqrt(2 pi)
    private static final double TWO_OVER_SQRT_PI = 1.12837916709551257390;
    private static final double SQRT_2_OVER_PI = 0.79788456080286535588;
    private static final double GELU_KAPPA = 0.044715;

    /** The error function; integer inputs give float32, like torch.erf. */
    public static Tensor erf(Tensor x) {
        DType type = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        Tensor xf = Elementwise.rawCast(x, type);
        Tensor out = Tensor.of(Tensor.backend().unary(UnaryOp.ERF, xf.storage(), xf.layout()), x.shape());
        // d/dx erf(x) = 2/sqrt(pi) exp(-x^2)
        return Node.record(out, "Erf", x, g -> g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI)));
    }

    /** x for x > 0, negativeSlope * x otherwise; the gradient at 0 is negativeSlope, as in PyTorch. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        checkFloating("leaky_relu", x);
        Tensor pos;
        Tensor out;
        try (var s = GradMode.noGrad()) {
            pos = x.gt(0);
            out = Tensor.where(pos, x, x.mul(negativeSlope));
        }
        return Node.record(out, "LeakyRelu", x, g -> g.mul(Tensor.where(pos, Tensor.scalar(1, g.dtype()), Tensor.scalar(negativeSlope, g.dtype()))));
    }

    /** x for x > 0, alpha (e^x - 1) otherwise (exp(x) - 1 computed without cancellation near 0). */
    public static Tensor elu(Tensor x, double alpha) {
        checkFloating("elu", x);
        Tensor pos;
        Tensor out;
        try (var s = GradMode.noGrad()) {
            pos = x.gt(0);
            out = Tensor.where(pos, x, expm1(x).mul(alpha));
        }
        // alpha e^x below 0 (PyTorch's gradient at 0 is alpha too); exp of min(x, 0) so a large x cannot overflow.
        return Node.record(out, "Elu", x, g -> g.mul(Tensor.where(pos, Tensor.scalar(1, g.dtype()), x.clampMax(0).exp().mul(alpha))));
    }

    /** SELU_SCALE * elu(x, SELU_ALPHA). */
    public static Tensor selu(Tensor x) { return elu(x, SELU_ALPHA).mul(SELU_SCALE); }

    /**
     * GELU with approximate "none" (exact, via erf) or "tanh": x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))),
     * as torch.nn.functional.gelu.
     */
    public static Tensor gelu(Tensor x, String approximate) {
        checkFloating("gelu", x);
        Tensor out;
        if (approximate.equals("none")) {
            // One backend pass forward and one back (g * (Phi(x) + x phi(x))); when the backward is itself recorded
            // (create_graph), the composed rule runs instead, so that it can be differentiated again.
            out = Tensor.of(Tensor.backend().unary(UnaryOp.GELU, x.storage(), x.layout()), x.shape());
            return Node.record(out, "Gelu", x, g -> {
                if (!GradMode.isEnabled() && g.dtype() == x.dtype() && java.util.Arrays.equals(g.shape(), x.shape()))
                    return Tensor.of(Tensor.backend().binary(BinaryOp.GELU_BACKWARD, g.storage(), g.layout(), x.storage(), x.layout()), x.shape());
                Tensor cdf = erf(x.mul(SQRT_HALF)).add(1).mul(0.5);
                Tensor pdf = x.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
                return g.mul(cdf.add(x.mul(pdf)));
            });
        }
        if (approximate.equals("tanh")) {
            try (var s = GradMode.noGrad()) {
                out = geluTanhInner(x).tanh().add(1).mul(x).mul(0.5);
            }
            return Node.record(out, "Gelu", x, g -> {
                Tensor t = geluTanhInner(x).tanh();
                Tensor left = t.add(1).mul(0.5);
                Tensor right = x.mul(0.5).mul(t.square().rsub(1)).mul(x.square().mul(3 * GELU_KAPPA).add(1)).mul(SQRT_2_OVER_PI);
                return g.mul(left.add(right));
            });
        }
        throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got '" + approximate + "'");
    }

    private static Tensor geluTanhInner(Tensor x) { return x.mul(x.square().mul(GELU_KAPPA).add(1)).mul(SQRT_2_OVER_PI); }

    /**
     * x for x > 0, weight * x otherwise, with one learned slope per channel (dim 1) or one shared slope, as
     * torch.nn.functional.prelu: weight has 1 or C elements; an input of fewer than 2 dims has one channel.
     */
    public static Tensor prelu(Tensor x, Tensor weight) {
        checkFloating("prelu", x);
        if (weight.dim() > 1 || !weight.dtype().isFloating())
            throw new IllegalArgumentException("prelu: weight must be a floating 0-d or 1-d tensor, got " + weight.dtype() + " "
                    + Shape.str(weight.shape()));
        int channels = x.dim() >= 2 ? x.size(1) : 1;
        int n = weight.numel();
        if (n != 1 && n != channels)
            throw new IllegalArgumentException("prelu: weight has " + n + " elements, expected 1 or the number of channels " + channels
                    + " (dim 1 of input " + Shape.str(x.shape()) + ")");
        // The slopes laid along dim 1, to broadcast against x.
        int[] slopeShape = new int[x.dim()];
        Arrays.fill(slopeShape, 1);
        if (n > 1) slopeShape[1] = n;
        int[] wshape = weight.shape();
        Tensor pos;
        Tensor out;
        try (var s = GradMode.noGrad()) {
            pos = x.gt(0);
            out = Tensor.where(pos, x, x.mul(weight.detach().reshape(slopeShape)));
        }
        int[] reduceDims = new int[0];
        if (n > 1) {
            reduceDims = new int[x.dim() - 1];
            for (int d = 0, k = 0; d < x.dim(); d++) if (d != 1) reduceDims[k++] = d;
        }
        int[] dims = reduceDims;
        Tensor zero = Tensor.scalar(0, x.dtype());
        return Node.record(out, "Prelu",
                x, g -> g.mul(Tensor.where(pos, Tensor.scalar(1, g.dtype()), weight.reshape(slopeShape))),
                // sum of g * x where x <= 0, over every dim but the channel's
                weight, g -> {
                    Tensor gx = Tensor.where(pos, zero, g.mul(x));
                    return (n > 1 ? gx.sum(dims) : gx.sum()).reshape(wshape);
                });
    }

    /**
     * log(1 + e^(beta x)) / beta, and x itself where beta x > threshold (as torch.nn.functional.softplus);
     * computed as max(z, 0) + log1p(e^-|z|) so that it neither overflows nor loses small values.
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        checkFloating("softplus", x);
        if (beta == 0 || Double.isNaN(beta)) throw new IllegalArgumentException("softplus: beta must be non-zero, got " + beta);
        Tensor linear;
        Tensor out;
        try (var s = GradMode.noGrad()) {
            Tensor z = x.mul(beta);
            linear = z.gt(threshold);
            out = Tensor.where(linear, x, z.clampMin(0).add(log1p(z.abs().neg().exp())).div(beta));
        }
        // sigmoid(beta x) below the threshold, 1 above it
        return Node.record(out, "Softplus", x, g -> g.mul(Tensor.where(linear, Tensor.scalar(1, g.dtype()), x.mul(beta).sigmoid())));
    }

    // ------------------------------------------------------------ accurate helpers (values only, not recorded)

    /** e^x - 1 without cancellation near 0: with t = tanh(x/2), e^x - 1 = 2t / (1 - t). */
    static Tensor expm1(Tensor x) {
        Tensor t = x.mul(0.5).tanh();
        return t.mul(2).div(t.rsub(1));
    }

    /**
     * log(1 + x) without losing small x (Kahan's trick): with u = 1 + x rounded, log(u) * x / (u - 1) corrects the
     * rounding of u; where u == 1, log1p(x) = x to working precision.
     */
    static Tensor log1p(Tensor x) {
        Tensor u = x.add(1);
        Tensor um1 = u.sub(1);
        Tensor exact = um1.eq(0);
        return Tensor.where(exact, x, u.log().mul(x.div(Tensor.where(exact, Tensor.scalar(1, x.dtype()), um1))));
    }

    private static void checkFloating(String op, Tensor x) {
        if (!x.dtype().isFloating())
            throw new IllegalArgumentException(op + ": expected a floating-point input, got " + x.dtype() + " " + Shape.str(x.shape()));
    }
}

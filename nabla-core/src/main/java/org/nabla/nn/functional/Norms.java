package org.nabla.nn.functional;

import java.util.Arrays;
import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;
import org.nabla.tensor.BatchNorms;
import org.nabla.tensor.Shape;
import org.nabla.tensor.Tensor;

/**
 * Normalisation as functions, like {@code torch.nn.functional.batch_norm}, {@code layer_norm} and
 * {@code group_norm}, behind {@link F} (the layers {@code BatchNorm1d/2d}, {@code LayerNorm} and {@code GroupNorm} call F).
 * All three standardise over some dims with one recorded op, {@link #normalize}, whose backward is the closed
 * form; the affine part (weight, bias) is an ordinary multiply and add.
 */
final class Norms {
    private Norms() {}

    /** A standardised tensor with the statistics used: biased variance, both kept as size-1 dims and detached. */
    record Normalized(Tensor output, Tensor mean, Tensor var) {}

    /** (x - mean) / sqrt(var + eps) with the mean and the biased variance taken over dims (empty: all dims). */
    static Tensor normalize(Tensor x, int[] dims, double eps) { return normalizeWithStats(x, dims, eps).output(); }

    /**
     * {@link #normalize} returning the batch statistics too. The backward is, with x^ the output, r = 1/sqrt(var +
     * eps) and means over the normalised dims, dx = r * (g - mean(g) - x^ * mean(g * x^)).
     */
    static Normalized normalizeWithStats(Tensor x, int[] dims, double eps) {
        if (!x.dtype().isFloating())
            throw new IllegalArgumentException("normalize: expected a floating-point input, got " + x.dtype() + " " + Shape.str(x.shape()));
        if (!(eps >= 0)) throw new IllegalArgumentException("normalize: eps must be non-negative, got " + eps);
        int[] nd = Shape.normalizeDims("normalize", dims, x.dim());
        Tensor mean, var, rstd, out;
        try (var s = GradMode.noGrad()) {
            Tensor xd = x.detach();
            mean = xd.mean(nd, true);
            Tensor centred = xd.sub(mean);
            var = centred.mul(centred).mean(nd, true);
            rstd = var.add(eps).sqrt().reciprocal();
            out = centred.mul(rstd);
        }
        Tensor xhat = out.detach(), savedRstd = rstd;
        Node.record(out, "Normalize", x, g -> {
            Tensor xh = xhat, r = savedRstd;
            if (GradMode.isEnabled()) {
                // createGraph: rebuild the statistics from x so that this gradient is itself differentiable in x.
                Tensor c = x.sub(x.mean(nd, true));
                r = c.mul(c).mean(nd, true).add(eps).sqrt().reciprocal();
                xh = c.mul(r);
            }
            return r.mul(g.sub(g.mean(nd, true)).sub(xh.mul(g.mul(xh).mean(nd, true))));
        });
        return new Normalized(out, mean, var);
    }

    // ------------------------------------------------------------ batch norm

    /**
     * Batch normalisation of x [N, C, *] over every dim but the channel dim 1, as {@code F.batch_norm}. With
     * training, the batch statistics normalise (biased variance) and, when given, runningMean and runningVar [C]
     * are updated in place: running = (1 - momentum) * running + momentum * batch, with the unbiased batch variance
     * for runningVar. Without training, the running statistics normalise. weight and bias [C] may be null.
     */
    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                            boolean training, double momentum, double eps) {
        String who = "batch_norm";
        if (x.dim() < 2) throw new IllegalArgumentException(who + ": expected input [N, C, *], got " + Shape.str(x.shape()));
        int c = x.size(1);
        for (Tensor p : new Tensor[] {runningMean, runningVar, weight, bias})
            if (p != null && (p.dim() != 1 || p.size(0) != c))
                throw new IllegalArgumentException(who + ": statistics and affine parameters must have shape [" + c + "] for input "
                        + Shape.str(x.shape()) + ", got " + Shape.str(p.shape()));
        int[] channelShape = new int[x.dim()];
        Arrays.fill(channelShape, 1);
        channelShape[1] = c;
        Tensor w = weight == null ? null : weight.reshape(channelShape), b = bias == null ? null : bias.reshape(channelShape);
        if (!training) {
            if (runningMean == null || runningVar == null)
                throw new IllegalArgumentException(who + ": running_mean and running_var are needed when not training");
            // y = x * scale + shift with scale = weight / sqrt(running_var + eps), shift = bias - running_mean * scale
            // (the form PyTorch's CPU kernel evaluates).
            Tensor scale = runningVar.reshape(channelShape).to(x.dtype()).add(eps).sqrt().reciprocal();
            if (w != null) scale = scale.mul(w);
            Tensor shift = runningMean.reshape(channelShape).to(x.dtype()).mul(scale).neg();
            if (b != null) shift = shift.add(b);
            return x.mul(scale).add(shift);
        }
        int perChannel = x.numel() / Math.max(c, 1);
        if (perChannel <= 1)
            throw new IllegalArgumentException(who + ": expected more than 1 value per channel when training, got input " + Shape.str(x.shape()));
        int[] dims = new int[x.dim() - 1];
        for (int i = 0, k = 0; i < x.dim(); i++) if (i != 1) dims[k++] = i;
        boolean sameType = x.dtype().isFloating() && (weight == null || weight.dtype() == x.dtype()) && (bias == null || bias.dtype() == x.dtype());
        Normalized n;
        Tensor y;
        if (sameType) {
            // One fused op (two passes forward, one back) with the affine part inside.
            BatchNorms.Result r = BatchNorms.batchNorm(x, weight, bias, eps);
            n = new Normalized(r.output(), r.mean(), r.var());
            y = r.output();
        } else {
            n = normalizeWithStats(x, dims, eps);
            y = affine(n.output(), w, b);
        }
        if (runningMean != null || runningVar != null) {
            try (var s = GradMode.noGrad()) {
                if (runningMean != null)
                    runningMean.copyFrom(runningMean.mul(1 - momentum).add(n.mean().reshape(c).mul(momentum).to(runningMean.dtype())));
                if (runningVar != null) {
                    Tensor unbiased = n.var().reshape(c).mul((double) perChannel / (perChannel - 1));
                    runningVar.copyFrom(runningVar.mul(1 - momentum).add(unbiased.mul(momentum).to(runningVar.dtype())));
                }
            }
        }
        return y;
    }

    // ------------------------------------------------------------ layer norm and group norm

    /** Normalises x over its last normalizedShape.length dims, which must equal normalizedShape; weight and bias of that shape or null. */
    static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        if (k == 0) throw new IllegalArgumentException("layer_norm: normalized_shape must not be empty");
        int[] shape = x.shape();
        if (!endsWith(shape, normalizedShape))
            throw new IllegalArgumentException("layer_norm: expected input [..., " + join(normalizedShape) + "], got " + Shape.str(shape));
        for (Tensor p : new Tensor[] {weight, bias})
            if (p != null && !Arrays.equals(p.shape(), normalizedShape))
                throw new IllegalArgumentException("layer_norm: weight and bias must have shape " + Shape.str(normalizedShape) + ", got " + Shape.str(p.shape()));
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = shape.length - k + i;
        boolean sameType = x.dtype().isFloating() && (weight == null || weight.dtype() == x.dtype()) && (bias == null || bias.dtype() == x.dtype());
        if (sameType && x.numel() > 0) return org.nabla.tensor.LayerNorms.layerNorm(x, dims, Shape.numel(normalizedShape), weight, bias, eps);
        return affine(normalize(x, dims, eps), weight, bias);
    }


    /**
     * Splits the C channels of x [N, C, *] into numGroups groups of consecutive channels and normalises each
     * sample's group; then weight and bias [C] (or null) scale and shift each channel.
     */
    static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        int[] shape = x.shape();
        if (x.dim() < 2) throw new IllegalArgumentException("group_norm: expected input [N, C, *], got " + Shape.str(shape));
        int c = shape[1];
        if (numGroups <= 0 || c % numGroups != 0)
            throw new IllegalArgumentException("group_norm: " + c + " channels cannot be split into " + numGroups + " groups, got input " + Shape.str(shape));
        for (Tensor p : new Tensor[] {weight, bias})
            if (p != null && (p.dim() != 1 || p.size(0) != c))
                throw new IllegalArgumentException("group_norm: weight and bias must have shape [" + c + "], got " + Shape.str(p.shape()));
        int[] channelShape = new int[x.dim()];
        Arrays.fill(channelShape, 1);
        channelShape[1] = c;
        int perGroup = c / numGroups;
        for (int d = 2; d < shape.length; d++) perGroup *= shape[d];
        Tensor y = normalize(x.reshape(shape[0], numGroups, perGroup), new int[] {2}, eps).reshape(shape);
        return affine(y, weight == null ? null : weight.reshape(channelShape), bias == null ? null : bias.reshape(channelShape));
    }

    private static Tensor affine(Tensor y, Tensor w, Tensor b) {
        if (w != null) y = y.mul(w);
        if (b != null) y = y.add(b);
        return y;
    }

    private static boolean endsWith(int[] shape, int[] tail) {
        if (tail.length > shape.length) return false;
        for (int i = 0; i < tail.length; i++) if (shape[shape.length - tail.length + i] != tail[i]) return false;
        return true;
    }

    private static String join(int[] a) {
        String s = Arrays.toString(a);
        return s.substring(1, s.length() - 1);
    }
}

package org.nabla.tensor;

import java.util.Arrays;
import java.util.function.IntFunction;
import org.nabla.autograd.GradFn;
import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;

/** Batch normalisation in training as one op through the backend's fused kernels; public only for {@code nn.functional.F}. */
public final class BatchNorms {
    private BatchNorms() {}

    /** The normalised output and the batch statistics it used, [C] each and detached: mean and biased variance. */
    public record Result(Tensor output, Tensor mean, Tensor var) {}

    /**
     * Batch norm of x [N, C, *] with its batch statistics over every dim but 1, as one recorded op, "BatchNorm" (x,
     * weight, bias; both null or [C] in x's dtype), computed by the backend in two passes forward and one back; the
     * three rules share that backward pass (the first rule the engine runs computes it for its g). When the backward
     * is itself recorded (create_graph), the closed form in tensor ops runs instead, so it can be differentiated
     * again: with x^ = (x - mean) rstd and gw = g w, dx = rstd (gw - mean(gw) - x^ mean(gw x^)), dw = sum g x^ and
     * db = sum g over every dim but 1.
     */
    public static Result batchNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        int c = x.size(1);
        Tensor w = weight == null ? null : dense(weight), b = bias == null ? null : dense(bias);
        Storage[] r = Tensor.backend().batchNorm(x.storage(), x.layout(), c, w == null ? null : w.storage(), b == null ? null : b.storage(), eps);
        Tensor out = Tensor.of(r[0], x.shape());
        Storage mean = r[1], rstd = r[3];
        int[] shape = x.shape(), dims = new int[x.dim() - 1], channelShape = new int[x.dim()];
        for (int i = 0, k = 0; i < x.dim(); i++) if (i != 1) dims[k++] = i;
        Arrays.fill(channelShape, 1);
        channelShape[1] = c;
        Tensor[] cache = new Tensor[4]; // the g the gradients were computed for, then dx, dw, db
        IntFunction<GradFn> rule = i -> g -> {
            if (GradMode.isEnabled() || g.dtype() != x.dtype() || !Arrays.equals(g.shape(), shape)) {
                Tensor centred = x.sub(x.mean(dims, true));
                Tensor rs = centred.mul(centred).mean(dims, true).add(eps).sqrt().reciprocal();
                Tensor xh = centred.mul(rs);
                if (i == 1) return g.mul(xh).sum(dims);
                if (i == 2) return g.sum(dims);
                Tensor gw = weight == null ? g : g.mul(weight.reshape(channelShape));
                return rs.mul(gw.sub(gw.mean(dims, true)).sub(xh.mul(gw.mul(xh).mean(dims, true))));
            }
            if (cache[0] != g) {
                Storage[] d = Tensor.backend().batchNormBackward(g.storage(), g.layout(), x.storage(), x.layout(), mean, rstd,
                        w == null ? null : w.storage(), c);
                cache[0] = g;
                cache[1] = Tensor.of(d[0], shape);
                cache[2] = d[1] == null ? null : Tensor.of(d[1], weight.shape());
                cache[3] = d[2] == null ? g.sum(dims) : Tensor.of(d[2], weight.shape());
            }
            return cache[i + 1];
        };
        out = Node.record(out, "BatchNorm", new Tensor[] {x, weight, bias}, new GradFn[] {rule.apply(0), rule.apply(1), rule.apply(2)});
        return new Result(out, Tensor.of(r[1], new int[] {c}), Tensor.of(r[2], new int[] {c}));
    }

    private static Tensor dense(Tensor t) { return t.isDense() ? t.detach() : t.detach().copy(); }
}

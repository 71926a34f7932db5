package org.nabla.tensor;

import org.nabla.autograd.GradFn;
import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;

/** Layer normalisation as one op through the backend's fused kernels; public only for {@code nn.functional.F}. */
public final class LayerNorms {
    private LayerNorms() {}

    /**
     * Layer norm of x over dims (the last ones, size elements in all) as one recorded op, "LayerNorm" (x, weight,
     * bias; both null or of the normalised shape and x's dtype), computed by the backend in one pass forward and
     * one back; the three rules share that backward pass (the first rule the engine runs computes it for its g).
     * When the backward is itself recorded (create_graph), the closed form in tensor ops runs instead, so it can be
     * differentiated again: with x^ = (x - mean) rstd and gw = g w, dx = rstd (gw - mean(gw) - x^ mean(gw x^)),
     * dw = g x^ and db = g (the engine sums them over the leading dims).
     */
    public static Tensor layerNorm(Tensor x, int[] dims, int size, Tensor weight, Tensor bias, double eps) {
        Tensor w = weight == null ? null : dense(weight), b = bias == null ? null : dense(bias);
        Storage[] r = Tensor.backend().layerNorm(x.storage(), x.layout(), size, w == null ? null : w.storage(), b == null ? null : b.storage(), eps);
        Tensor out = Tensor.of(r[0], x.shape());
        Storage mean = r[1], rstd = r[2];
        int[] shape = x.shape();
        Tensor[] cache = new Tensor[4]; // the g the gradients were computed for, then dx, dw, db
        java.util.function.IntFunction<GradFn> rule = i -> g -> {
            if (GradMode.isEnabled() || g.dtype() != x.dtype() || !java.util.Arrays.equals(g.shape(), shape)) {
                Tensor c = x.sub(x.mean(dims, true));
                Tensor rs = c.mul(c).mean(dims, true).add(eps).sqrt().reciprocal();
                Tensor xh = c.mul(rs);
                if (i == 1) return g.mul(xh);
                if (i == 2) return g;
                Tensor gw = weight == null ? g : g.mul(weight);
                return rs.mul(gw.sub(gw.mean(dims, true)).sub(xh.mul(gw.mul(xh).mean(dims, true))));
            }
            if (cache[0] != g) {
                Storage[] d = Tensor.backend().layerNormBackward(g.storage(), g.layout(), x.storage(), x.layout(), mean, rstd,
                        w == null ? null : w.storage(), size);
                cache[0] = g;
                cache[1] = Tensor.of(d[0], shape);
                cache[2] = d[1] == null ? null : Tensor.of(d[1], weight.shape());
                cache[3] = d[2] == null ? g : Tensor.of(d[2], weight.shape());
            }
            return cache[i + 1];
        };
        return Node.record(out, "LayerNorm", new Tensor[] {x, weight, bias}, new GradFn[] {rule.apply(0), rule.apply(1), rule.apply(2)});
    }

    private static Tensor dense(Tensor t) { return t.isDense() ? t.detach() : t.detach().copy(); }
}

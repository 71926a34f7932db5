package org.nabla.tensor;

import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;

/** softmax and log_softmax along one dim, each with its closed-form backward. */
final class Softmax {
    private Softmax() {}

    static Tensor logSoftmax(Tensor x, int dim) {
        int d = x.dim() == 0 ? 0 : Shape.normalizeDim("log_softmax", dim, x.dim());
        if (x.dim() > 0 && x.dtype().isFloating() && x.numel() > 0) {
            // One backend pass forward and one back. When the backward is itself recorded (create_graph), the
            // composed rule runs instead, so that it can be differentiated again.
            Tensor out = Tensor.of(Tensor.backend().logSoftmax(x.storage(), x.layout(), d), x.shape());
            int[] dims = {d};
            return Node.record(out, "LogSoftmax", x, g -> GradMode.isEnabled() || g.dtype() != out.dtype()
                    ? logSoftmaxGrad(g, out, dims)
                    : Tensor.of(Tensor.backend().logSoftmaxBackward(g.storage(), g.layout(), out.storage(), out.layout(), d), out.shape()));
        }
        int[] dims = x.dim() == 0 ? new int[0] : new int[] {d};
        Tensor out;
        try (var s = GradMode.noGrad()) {
            // x - max - log(sum(exp(x - max))), not x - logsumexp(x): with logits near 1000 the rounding of
            // logsumexp to float32 (ulp 6e-5) would show in every output.
            Tensor shifted = x.sub(Reductions.stableShift(x, dims));
            out = shifted.sub(shifted.exp().sum(dims, true).log());
        }
        return Node.record(out, "LogSoftmax", x, g -> logSoftmaxGrad(g, out, dims));
    }

    /** d/dx log_softmax, composed of tensor ops: g - softmax * sum(g), softmax = exp(out). */
    private static Tensor logSoftmaxGrad(Tensor g, Tensor out, int[] dims) { return g.sub(out.exp().mul(g.sum(dims, true))); }

    static Tensor softmax(Tensor x, int dim) {
        int d = x.dim() == 0 ? 0 : Shape.normalizeDim("softmax", dim, x.dim());
        int[] dims = x.dim() == 0 ? new int[0] : new int[] {d};
        if (x.dim() > 0 && x.dtype().isFloating() && x.numel() > 0) {
            // One backend pass forward and one back; the composed rule when the backward is itself recorded.
            Tensor out = Tensor.of(Tensor.backend().softmax(x.storage(), x.layout(), d), x.shape());
            return Node.record(out, "Softmax", x, g -> GradMode.isEnabled() || g.dtype() != out.dtype()
                    ? out.mul(g.sub(g.mul(out).sum(dims, true)))
                    : Tensor.of(Tensor.backend().softmaxBackward(g.storage(), g.layout(), out.storage(), out.layout(), d), out.shape()));
        }
        Tensor out;
        try (var s = GradMode.noGrad()) {
            Tensor e = x.sub(Reductions.stableShift(x, dims)).exp();
            out = e.div(e.sum(dims, true));
        }
        // d/dx softmax: y * (g - sum(g * y))
        return Node.record(out, "Softmax", x, g -> out.mul(g.sub(g.mul(out).sum(dims, true))));
    }
}

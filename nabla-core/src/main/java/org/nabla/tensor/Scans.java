package org.nabla.tensor;

import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;
import org.nabla.backend.ScanOp;

/** cumsum and cumprod along one dim; integer inputs give int64, like PyTorch. */
final class Scans {
    private Scans() {}

    static Tensor cumsum(Tensor x, int dim) {
        if (x.dim() == 0) return cumsum(x.reshape(1), Shape.normalizeDim("cumsum", dim, 0)).reshape();
        return cumsum(x, Shape.normalizeDim("cumsum", dim, x.dim()), false);
    }

    /** Running sums along d, from the end when reverse; the gradient of one direction is the other. */
    private static Tensor cumsum(Tensor x, int d, boolean reverse) {
        Tensor out = Tensor.of(Tensor.backend().scan(ScanOp.SUM, x.storage(), x.layout(), d, reverse), x.shape());
        return Node.record(out, "Cumsum", x, g -> cumsum(g, d, !reverse));
    }

    static Tensor cumprod(Tensor x, int dim) {
        if (x.dim() == 0) return cumprod(x.reshape(1), Shape.normalizeDim("cumprod", dim, 0)).reshape();
        int d = Shape.normalizeDim("cumprod", dim, x.dim());
        Tensor out = Tensor.of(Tensor.backend().scan(ScanOp.PROD, x.storage(), x.layout(), d, false), x.shape());
        return Node.record(out, "Cumprod", x, g -> cumprodGrad(g, x, out, d));
    }

    /**
     * dL/dx_k = sum over j >= k of g_j times the product of x_0..x_j without x_k. Without zeros in x that is
     * reverse-cumsum(g * out) / x; with zeros (where that divides 0 by 0) each product is formed with x_k
     * replaced by 1, which takes size(d)^2 memory per row, as PyTorch also does.
     */
    private static Tensor cumprodGrad(Tensor g, Tensor x, Tensor out, int d) {
        boolean zeros;
        try (var s = GradMode.noGrad()) {
            zeros = x.eq(0).sum().item() > 0;
        }
        if (!zeros) return cumsum(g.mul(out), d, true).div(x);
        int n = x.shape()[d];
        Tensor rows = x.transpose(d, -1).unsqueeze(-2);                    // [..., 1, n]: row k is x
        Tensor diag = Tensor.eye(n, DType.INT64);
        Tensor withoutK = Tensor.where(diag, Tensor.scalar(1, x.dtype()), rows); // [..., k, n]: x with x_k = 1
        Tensor products = withoutK.cumprod(-1);                              // [..., k, j]
        Tensor upstream = g.transpose(d, -1).unsqueeze(-2);                  // [..., 1, j]
        Tensor jAtLeastK = Tensor.ones(DType.INT64, n, n).triu(0);
        return Tensor.where(jAtLeastK, products.mul(upstream), Tensor.scalar(0, x.dtype())).sum(-1).transpose(d, -1);
    }
}

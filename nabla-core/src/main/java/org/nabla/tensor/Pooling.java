package org.nabla.tensor;

import org.nabla.autograd.Node;
import org.nabla.backend.PoolSpec;

/** The 2-D max and average pooling ops behind {@code nn.functional.F}; windows may overlap (stride < kernel). */
public final class Pooling {
    private Pooling() {}

    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        return maxPool2dWithIndices(x, kernel, stride, padding, ceilMode).values();
    }

    /** Values and the int64 flat index (within each h*w plane) of every window's maximum, for max-unpooling. */
    public static ValuesIndices maxPool2dWithIndices(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        if (x.dim() == 3) {
            ValuesIndices r = maxPool2dWithIndices(x.unsqueeze(0), kernel, stride, padding, ceilMode);
            return new ValuesIndices(r.values().squeeze(0), r.indices().squeeze(0));
        }
        PoolSpec s = spec("max_pool2d", x, kernel, stride, padding, ceilMode);
        Storage[] r = Tensor.backend().maxPool2d(x.storage(), x.layout(), s);
        int[] outShape = {s.n(), s.c(), s.outH(), s.outW()};
        Tensor indices = Tensor.of(r[1], outShape);
        Tensor out = Tensor.of(r[0], outShape);
        int[] inShape = x.shape();
        return new ValuesIndices(Node.record(out, "MaxPool2d", x, g -> maxUnpool(g, indices, s, inShape)), indices);
    }

    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        if (x.dim() == 3) return avgPool2d(x.unsqueeze(0), kernel, stride, padding, ceilMode, countIncludePad).squeeze(0);
        PoolSpec s = spec("avg_pool2d", x, kernel, stride, padding, ceilMode);
        Tensor out = Tensor.of(Tensor.backend().avgPool2d(x.storage(), x.layout(), s, countIncludePad),
                new int[] {s.n(), s.c(), s.outH(), s.outW()});
        return Node.record(out, "AvgPool2d", x, g -> avgPoolGrad(g, s, countIncludePad));
    }

    /** Each gradient added to the cell that won its window; its own backward gathers from those cells. */
    private static Tensor maxUnpool(Tensor g, Tensor indices, PoolSpec s, int[] inShape) {
        Tensor dx = Tensor.of(Tensor.backend().maxPool2dGrad(g.storage(), g.layout(), indices.storage(), s), inShape);
        return Node.record(dx, "MaxPool2dBackward", g, gg -> gg.reshape(s.n(), s.c(), -1)
                .gather(2, indices.reshape(s.n(), s.c(), -1)).reshape(s.n(), s.c(), s.outH(), s.outW()));
    }

    /** Average pooling is linear, so the adjoint of its adjoint is itself. */
    private static Tensor avgPoolGrad(Tensor g, PoolSpec s, boolean countIncludePad) {
        Tensor dx = Tensor.of(Tensor.backend().avgPool2dGrad(g.storage(), g.layout(), s, countIncludePad),
                new int[] {s.n(), s.c(), s.h(), s.w()});
        return Node.record(dx, "AvgPool2dBackward", g, gg -> Tensor.of(
                Tensor.backend().avgPool2d(gg.storage(), gg.layout(), s, countIncludePad), new int[] {s.n(), s.c(), s.outH(), s.outW()}));
    }

    private static PoolSpec spec(String op, Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        if (x.dim() != 4)
            throw new IllegalArgumentException(op + ": input must be 3-d [c, h, w] or 4-d [n, c, h, w], got shape " + Shape.str(x.shape()));
        if (!x.dtype().isFloating()) throw new IllegalArgumentException(op + ": input must be floating point, got " + x.dtype());
        if (kernel.length != 2 || stride.length != 2 || padding.length != 2)
            throw new IllegalArgumentException(op + ": kernel, stride and padding must be {height, width} pairs");
        for (int i = 0; i < 2; i++) {
            if (kernel[i] <= 0 || stride[i] <= 0)
                throw new IllegalArgumentException(op + ": kernel " + Shape.str(kernel) + " and stride " + Shape.str(stride) + " must be positive");
            if (padding[i] < 0 || padding[i] > kernel[i] / 2)
                throw new IllegalArgumentException(op + ": padding " + Shape.str(padding) + " must be at most half the kernel " + Shape.str(kernel));
        }
        int[] xs = x.shape();
        PoolSpec s = new PoolSpec(xs[0], xs[1], xs[2], xs[3], kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], ceilMode);
        if (s.outH() <= 0 || s.outW() <= 0)
            throw new IllegalArgumentException(op + ": input " + Shape.str(xs) + " is smaller than the kernel " + Shape.str(kernel));
        return s;
    }
}

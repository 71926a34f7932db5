package org.nabla.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nabla.tensor.Tensor;

/** ReduceMean, ReduceSum, ReduceMax: axes as an attribute (ReduceSum before opset 13, the others before 18) or input. */
final class ReductionOps {
    private ReductionOps() {}

    private enum Kind { MEAN, SUM, MAX }

    static void register(Map<String, Operator> ops) {
        ops.put("ReduceMean", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.MEAN, 18));
        ops.put("ReduceSum", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.SUM, 13));
        ops.put("ReduceMax", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.MAX, 18));
    }

    private static Tensor reduce(OnnxNode n, List<Tensor> in, Kind kind, int axesInputSince) {
        Tensor x = in.get(0);
        long[] axes = n.opset >= axesInputSince ? in.size() > 1 && in.get(1) != null ? in.get(1).toLongArray() : null : n.ints("axes");
        boolean keep = n.i("keepdims", 1) != 0;
        if (axes == null || axes.length == 0) {
            if (n.i("noop_with_empty_axes", 0) != 0) return x;
            axes = new long[x.dim()];
            for (int i = 0; i < axes.length; i++) axes[i] = i;
        }
        int[] dims = Arrays.stream(axes).mapToInt(a -> (int) (a < 0 ? a + x.dim() : a)).toArray();
        return switch (kind) {
            case MEAN -> x.mean(dims, keep);
            case SUM -> x.sum(dims, keep);
            case MAX -> x.amax(dims, keep);
        };
    }
}

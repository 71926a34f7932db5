package org.nabla.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nabla.tensor.Tensor;

/** ReduceMean, ReduceSum, ReduceMax: axes as an attribute (ReduceSum before opset 13, the others before 18) or input. */
final class ReductionOps {
    private ReductionOps() {}

    private enum Kind { MEAN, SUM, MAX, MIN, SUM_SQUARE, L1, L2, LOG_SUM, LOG_SUM_EXP }

    static void register(Map<String, Operator> ops) {
        ops.put("ReduceMean", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.MEAN, 18));
        ops.put("ReduceSum", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.SUM, 13));
        ops.put("ReduceMax", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.MAX, 18));
        ops.put("ReduceMin", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.MIN, 18));
        ops.put("ReduceSumSquare", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.SUM_SQUARE, 18));
        ops.put("ReduceL1", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.L1, 18));
        ops.put("ReduceL2", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.L2, 18));
        ops.put("ReduceLogSum", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.LOG_SUM, 18));
        ops.put("ReduceLogSumExp", (Operator.Single) (n, in, t) -> reduce(n, in, Kind.LOG_SUM_EXP, 18));
        ops.put("ArgMax", Operator.checked((n, in, t) -> arg(n, in.get(0), true), ReductionOps::checkArg));
        ops.put("ArgMin", Operator.checked((n, in, t) -> arg(n, in.get(0), false), ReductionOps::checkArg));
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
            case MIN -> x.amin(dims, keep);
            case SUM_SQUARE -> x.mul(x).sum(dims, keep);
            case L1 -> x.abs().sum(dims, keep);
            case L2 -> x.mul(x).sum(dims, keep).sqrt();
            case LOG_SUM -> x.sum(dims, keep).log();
            case LOG_SUM_EXP -> x.logsumexp(dims, keep);
        };
    }

    private static void checkArg(OnnxNode n) {
        if (n.i("select_last_index", 0) != 0) throw n.unsupported("select_last_index = 1");
    }

    private static Tensor arg(OnnxNode n, Tensor x, boolean max) {
        int axis = (int) n.i("axis", 0);
        boolean keep = n.i("keepdims", 1) != 0;
        return max ? x.argmax(axis, keep) : x.argmin(axis, keep);
    }
}

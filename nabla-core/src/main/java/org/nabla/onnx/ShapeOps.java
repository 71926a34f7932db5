package org.nabla.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nabla.nn.functional.F;
import org.nabla.onnx.proto.TensorProto;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * Shape and data-movement operators: Flatten, Reshape, Transpose, Concat, Shape, Gather, Unsqueeze, Squeeze, Slice,
 * Expand, Constant, Pad. Shapes travel as int64 tensors, as in ONNX (Shape → Gather → Unsqueeze → Concat → Reshape is
 * how PyTorch exports {@code x.view(n, -1)}).
 */
final class ShapeOps {
    private ShapeOps() {}

    static void register(Map<String, Operator> ops) {
        ops.put("Flatten", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0);
            int axis = (int) n.i("axis", 1);
            if (axis < 0) axis += x.dim();
            return x.reshape(flattenedShape(x.shape(), axis));
        });
        ops.put("Reshape", Operator.checked(ShapeOps::reshape, n -> {
            if (n.opset < 5) throw n.unsupported("Reshape before opset 5 (shape as an attribute)");
        }));
        ops.put("Transpose", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0);
            int[] perm = n.ints("perm", null);
            if (perm == null) {
                perm = new int[x.dim()];
                for (int i = 0; i < perm.length; i++) perm[i] = perm.length - 1 - i;
            }
            return x.permute(perm);
        });
        ops.put("Concat", (Operator.Single) (n, in, t) -> {
            List<Tensor> parts = new ArrayList<>();
            for (Tensor x : in) if (x != null) parts.add(x);
            return parts.size() == 1 ? parts.getFirst() : Tensor.cat(parts, (int) n.i("axis", 1));
        });
        ops.put("Shape", (Operator.Single) (n, in, t) -> {
            int[] shape = in.get(0).shape();
            int start = clampAxis((int) n.i("start", 0), shape.length), end = clampAxis((int) n.i("end", shape.length), shape.length);
            long[] dims = new long[Math.max(0, end - start)];
            for (int i = 0; i < dims.length; i++) dims[i] = shape[start + i];
            return Tensor.of(dims, dims.length);
        });
        ops.put("Size", (Operator.Single) (n, in, t) -> Tensor.of(new long[] {in.get(0).numel()}));
        ops.put("Gather", (Operator.Single) ShapeOps::gather);
        ops.put("Unsqueeze", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0);
            long[] axes = n.opset >= 13 ? in.get(1).toLongArray() : n.ints("axes");
            int rank = x.dim() + axes.length;
            int[] sorted = Arrays.stream(axes).mapToInt(a -> (int) (a < 0 ? a + rank : a)).sorted().toArray();
            for (int a : sorted) x = x.unsqueeze(a);
            return x;
        });
        ops.put("Squeeze", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0);
            long[] axes = n.opset >= 13 ? in.size() > 1 && in.get(1) != null ? in.get(1).toLongArray() : null : n.ints("axes");
            if (axes == null) return x.squeeze();
            int rank = x.dim();
            int[] sorted = Arrays.stream(axes).mapToInt(a -> (int) (a < 0 ? a + rank : a)).sorted().toArray();
            for (int k = sorted.length - 1; k >= 0; k--) x = x.squeeze(sorted[k]);
            return x;
        });
        ops.put("Slice", (Operator.Single) ShapeOps::slice);
        ops.put("Expand", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0);
            long[] target = in.get(1).toLongArray();
            int rank = Math.max(x.dim(), target.length);
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) {
                int xi = i - (rank - x.dim()), ti = i - (rank - target.length);
                int xs = xi >= 0 ? x.size(xi) : 1, ts = ti >= 0 ? (int) target[ti] : 1;
                shape[i] = xs == 1 ? ts : xs;
            }
            return x.reshape(padLeft(x.shape(), rank)).expand(shape);
        });
        ops.put("Constant", Operator.checked(ShapeOps::constant, n -> {
            if (!n.has("value") && !n.has("value_float") && !n.has("value_floats") && !n.has("value_int") && !n.has("value_ints"))
                throw n.unsupported("a Constant other than a dense tensor or numbers");
        }));
        ops.put("ConstantOfShape", (Operator.Single) (n, in, t) -> {
            TensorProto value = n.tensor("value");
            Tensor v = value == null ? Tensor.scalar(0) : OnnxTensors.toTensor(value);
            long[] dims = in.get(0).toLongArray();
            int[] shape = Arrays.stream(dims).mapToInt(Math::toIntExact).toArray();
            return Tensor.full(v.reshape().item(), v.dtype(), shape);
        });
        ops.put("Tile", (Operator.Single) (n, in, t) -> in.get(0).repeat(ints(in.get(1))));
        ops.put("Split", new Operator() {
            @Override
            public List<Tensor> run(OnnxNode n, List<Tensor> in, boolean training) {
                Tensor x = in.get(0);
                int axis = (int) n.i("axis", 0);
                if (axis < 0) axis += x.dim();
                int[] sizes = n.opset >= 13 ? in.size() > 1 && in.get(1) != null ? ints(in.get(1)) : null : n.ints("split", null);
                int parts = n.proto.output().size();
                if (sizes == null) {
                    if (x.size(axis) % parts != 0) throw n.invalid("dim " + axis + " of " + Arrays.toString(x.shape()) + " does not split in " + parts + " equal parts");
                    return x.split(x.size(axis) / parts, axis);
                }
                return x.split(sizes, axis);
            }

            @Override
            public void check(OnnxNode n) {
                if (n.has("num_outputs")) throw n.unsupported("num_outputs (opset 18)");
            }
        });
        ops.put("CumSum", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0);
            int axis = (int) in.get(1).reshape().item();
            if (axis < 0) axis += x.dim();
            boolean reverse = n.i("reverse", 0) != 0;
            Tensor y = (reverse ? x.flip(axis) : x).cumsum(axis).to(x.dtype());
            if (n.i("exclusive", 0) != 0) y = y.sub(reverse ? x.flip(axis) : x);
            return reverse ? y.flip(axis) : y;
        });
        ops.put("Trilu", (Operator.Single) (n, in, t) -> {
            int k = in.size() > 1 && in.get(1) != null ? (int) in.get(1).reshape().item() : 0;
            return n.i("upper", 1) != 0 ? in.get(0).triu(k) : in.get(0).tril(k);
        });
        ops.put("GatherElements", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0), idx = in.get(1).to(DType.INT64);
            int axis = (int) n.i("axis", 0);
            if (axis < 0) axis += x.dim();
            // Negative indices count from the end of the axis.
            idx = Tensor.where(idx.lt(0), idx.add(x.size(axis)), idx);
            return x.gather(axis, idx);
        });
        ops.put("Einsum", (Operator.Single) (n, in, t) -> Tensor.einsum(n.s("equation", ""), in.toArray(new Tensor[0])));
        ops.put("Range", (Operator.Single) (n, in, t) -> {
            Tensor start = in.get(0);
            double s0 = start.item(), limit = in.get(1).item(), delta = in.get(2).item();
            int count = (int) Math.max(0, Math.ceil((limit - s0) / delta));
            double[] v = new double[count];
            for (int i = 0; i < count; i++) v[i] = s0 + i * delta;
            return Tensor.of(v, count).to(start.dtype());
        });
        ops.put("Pad", Operator.checked(ShapeOps::pad, n -> {
            String mode = n.s("mode", "constant");
            if (!List.of("constant", "reflect", "edge").contains(mode)) throw n.unsupported("mode '" + mode + "'");
        }));
    }

    private static int[] ints(Tensor t) { return Arrays.stream(t.toLongArray()).mapToInt(Math::toIntExact).toArray(); }

    static int[] flattenedShape(int[] shape, int axis) {
        long outer = 1, inner = 1;
        for (int i = 0; i < shape.length; i++) {
            if (i < axis) outer *= shape[i];
            else inner *= shape[i];
        }
        return new int[] {(int) outer, (int) inner};
    }

    private static int[] padLeft(int[] shape, int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    private static int clampAxis(int axis, int rank) {
        if (axis < 0) axis += rank;
        return Math.max(0, Math.min(rank, axis));
    }

    /** 0 copies the input's dim (unless allowzero), -1 is inferred. */
    private static Tensor reshape(OnnxNode n, List<Tensor> in, boolean training) {
        Tensor x = in.get(0);
        long[] target = in.get(1).toLongArray();
        boolean allowZero = n.i("allowzero", 0) != 0;
        int[] shape = new int[target.length];
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0 && !allowZero) {
                if (i >= x.dim()) throw n.invalid("shape " + Arrays.toString(target) + " copies dim " + i + " of input " + Arrays.toString(x.shape()));
                shape[i] = x.size(i);
            } else shape[i] = Math.toIntExact(target[i]);
        }
        return x.reshape(shape);
    }

    /** Gather along an axis: output shape = data[:axis] + indices.shape + data[axis+1:]; negative indices count from the end. */
    private static Tensor gather(OnnxNode n, List<Tensor> in, boolean training) {
        Tensor data = in.get(0), indices = in.get(1);
        int axis = (int) n.i("axis", 0);
        if (axis < 0) axis += data.dim();
        long size = data.size(axis);
        long[] idx = indices.toLongArray();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < -size || idx[i] >= size) throw n.invalid("index " + idx[i] + " out of range for dim " + axis + " of size " + size);
            if (idx[i] < 0) idx[i] += size;
        }
        Tensor picked = data.indexSelect(axis, Tensor.of(idx, idx.length));
        int[] ds = data.shape(), is = indices.shape();
        int[] shape = new int[ds.length - 1 + is.length];
        System.arraycopy(ds, 0, shape, 0, axis);
        System.arraycopy(is, 0, shape, axis, is.length);
        System.arraycopy(ds, axis + 1, shape, axis + is.length, ds.length - axis - 1);
        return picked.reshape(shape);
    }

    private static Tensor slice(OnnxNode n, List<Tensor> in, boolean training) {
        Tensor x = in.get(0);
        long[] starts, ends, axes, steps;
        if (n.opset < 10) {
            starts = n.ints("starts");
            ends = n.ints("ends");
            axes = n.ints("axes");
            steps = null;
        } else {
            starts = in.get(1).toLongArray();
            ends = in.get(2).toLongArray();
            axes = in.size() > 3 && in.get(3) != null ? in.get(3).toLongArray() : null;
            steps = in.size() > 4 && in.get(4) != null ? in.get(4).toLongArray() : null;
        }
        for (int k = 0; k < starts.length; k++) {
            int axis = (int) (axes == null ? k : axes[k] < 0 ? axes[k] + x.dim() : axes[k]);
            long step = steps == null ? 1 : steps[k];
            if (step != 1) throw n.unsupported("a step other than 1");
            long size = x.size(axis);
            long s = starts[k] < 0 ? starts[k] + size : starts[k], e = ends[k] < 0 ? ends[k] + size : ends[k];
            s = Math.max(0, Math.min(size, s));
            e = Math.max(s, Math.min(size, e));
            x = x.narrow(axis, (int) s, (int) (e - s));
        }
        return x;
    }

    private static Tensor constant(OnnxNode n, List<Tensor> in, boolean training) {
        if (n.has("value")) return OnnxTensors.toTensor(n.tensor("value"));
        if (n.has("value_float")) return Tensor.scalar(n.f("value_float", 0));
        if (n.has("value_floats")) {
            float[] v = n.floats("value_floats");
            return Tensor.of(v, v.length);
        }
        if (n.has("value_int")) return Tensor.scalar(n.i("value_int", 0), DType.INT64);
        long[] v = n.ints("value_ints");
        return Tensor.of(v, v.length);
    }

    /** ONNX pads are [x1_begin, x2_begin, ..., x1_end, x2_end, ...]; F.pad takes the last dim first. */
    private static Tensor pad(OnnxNode n, List<Tensor> in, boolean training) {
        Tensor x = in.get(0);
        long[] pads;
        double value;
        if (n.opset < 11) {
            pads = n.ints(n.has("pads") ? "pads" : "paddings");
            value = n.f("value", 0);
        } else {
            pads = in.get(1).toLongArray();
            value = in.size() > 2 && in.get(2) != null ? in.get(2).item() : 0;
            if (in.size() > 3 && in.get(3) != null) throw n.unsupported("the axes input");
        }
        int rank = x.dim();
        if (pads.length != 2 * rank) throw n.invalid("pads " + Arrays.toString(pads) + " do not match input " + Arrays.toString(x.shape()));
        int used = 0; // how many trailing dims are padded
        for (int i = rank - 1; i >= 0; i--) if (pads[i] != 0 || pads[i + rank] != 0) used = rank - i;
        if (used == 0) return x;
        int[] torch = new int[2 * used];
        for (int k = 0; k < used; k++) {
            torch[2 * k] = (int) pads[rank - 1 - k];
            torch[2 * k + 1] = (int) pads[2 * rank - 1 - k];
        }
        return switch (n.s("mode", "constant")) {
            case "reflect" -> F.pad(x, torch, "reflect");
            case "edge" -> F.pad(x, torch, "replicate");
            default -> F.pad(x, torch, value);
        };
    }
}

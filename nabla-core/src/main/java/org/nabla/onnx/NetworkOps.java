package org.nabla.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nabla.nn.functional.F;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * The layers' operators: Conv, Gemm, MatMul, pooling, BatchNormalization, LRN, Softmax/LogSoftmax, Dropout. Convolution
 * and pooling take 1-d and 2-d kernels (a 1-d one runs as 2-d over [N, C, 1, L]); padding that Nabla's kernels do not
 * take (asymmetric, auto_pad SAME_*) is applied first with an explicit pad.
 */
final class NetworkOps {
    private NetworkOps() {}

    static void register(Map<String, Operator> ops) {
        ops.put("Conv", Operator.checked(NetworkOps::conv, n -> spatial(n, false)));
        ops.put("MaxPool", new Operator() {
            @Override
            public List<Tensor> run(OnnxNode n, List<Tensor> in, boolean training) { return List.of(pool(n, in.get(0), true)); }

            @Override
            public void check(OnnxNode n) {
                spatial(n, true);
                if (n.proto.output().size() > 1 && !n.proto.output().get(1).isEmpty()) throw n.unsupported("the Indices output");
                int[] dilations = n.ints("dilations", null);
                if (dilations != null && Arrays.stream(dilations).anyMatch(d -> d != 1)) throw n.unsupported("a dilated max pool");
            }
        });
        ops.put("AveragePool", Operator.checked((n, in, t) -> pool(n, in.get(0), false), n -> spatial(n, true)));
        ops.put("GlobalAveragePool", (Operator.Single) (n, in, t) -> in.get(0).mean(spatialDims(in.get(0)), true));
        ops.put("GlobalMaxPool", (Operator.Single) (n, in, t) -> in.get(0).amax(spatialDims(in.get(0)), true));
        ops.put("Gemm", (Operator.Single) NetworkOps::gemm);
        ops.put("MatMul", (Operator.Single) (n, in, t) -> in.get(0).matmul(in.get(1)));
        ops.put("BatchNormalization", Operator.checked(NetworkOps::batchNorm, n -> {
            if (n.i("training_mode", 0) != 0 || n.proto.output().size() > 1 && n.opset >= 9) throw n.unsupported("training mode (several outputs)");
            if (n.opset < 9 && n.i("spatial", 1) != 1) throw n.unsupported("spatial = 0");
        }));
        ops.put("LRN", (Operator.Single) NetworkOps::lrn);
        ops.put("Softmax", (Operator.Single) (n, in, t) -> softmax(n, in.get(0), false));
        ops.put("LogSoftmax", (Operator.Single) (n, in, t) -> softmax(n, in.get(0), true));
        ops.put("Dropout", NetworkOps::dropout);
        ops.put("LayerNormalization", Operator.checked((n, in, t) -> {
            Tensor x = in.get(0);
            int axis = (int) n.i("axis", -1);
            if (axis < 0) axis += x.dim();
            int[] normalized = Arrays.copyOfRange(x.shape(), axis, x.dim());
            Tensor scale = in.get(1).expand(normalized), bias = in.size() > 2 && in.get(2) != null ? in.get(2).expand(normalized) : null;
            return F.layerNorm(x, normalized, scale, bias, n.f("epsilon", 1e-5f));
        }, n -> {
            if (n.proto.output().size() > 1) throw n.unsupported("the Mean and InvStdDev outputs");
            if (n.i("stash_type", 1) != 1) throw n.unsupported("stash_type other than float");
        }));
        ops.put("ConvTranspose", Operator.checked(NetworkOps::convTranspose, n -> {
            spatial(n, false);
            if (n.has("output_shape")) throw n.unsupported("output_shape");
            if (!n.s("auto_pad", "NOTSET").equals("NOTSET")) throw n.unsupported("auto_pad");
        }));
    }

    private static int[] spatialDims(Tensor x) {
        int[] dims = new int[x.dim() - 2];
        for (int i = 0; i < dims.length; i++) dims[i] = i + 2;
        return dims;
    }

    /** Refuses kernels of 3 or more dims and unknown auto_pad values. */
    private static void spatial(OnnxNode n, boolean pool) {
        int[] kernel = n.ints("kernel_shape", null);
        if (pool && kernel == null) throw n.invalid("kernel_shape is required");
        if (kernel != null && kernel.length > 2) throw n.unsupported(kernel.length + "-d kernels");
        String autoPad = n.s("auto_pad", "NOTSET");
        if (!List.of("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER").contains(autoPad)) throw n.invalid("unknown auto_pad '" + autoPad + "'");
    }

    /** Padding per spatial dim: {begin, end} pairs after auto_pad is resolved against the input's size. */
    private static int[][] pads(OnnxNode n, int[] size, int[] kernel, int[] stride, int[] dilation) {
        int k = size.length;
        int[][] out = new int[k][2];
        String autoPad = n.s("auto_pad", "NOTSET");
        if (autoPad.equals("NOTSET")) {
            int[] pads = n.ints("pads", new int[2 * k]);
            if (pads.length != 2 * k) throw n.invalid("pads " + Arrays.toString(pads) + " do not match a " + k + "-d kernel");
            for (int i = 0; i < k; i++) out[i] = new int[] {pads[i], pads[i + k]};
        } else if (autoPad.startsWith("SAME")) {
            for (int i = 0; i < k; i++) {
                int outSize = Math.ceilDiv(size[i], stride[i]);
                int total = Math.max(0, (outSize - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1 - size[i]);
                int small = total / 2;
                out[i] = autoPad.equals("SAME_UPPER") ? new int[] {small, total - small} : new int[] {total - small, small};
            }
        }
        return out;
    }

    /** Torch's pad list (last dim first) from {begin, end} pairs per spatial dim. */
    private static int[] torchPad(int[][] pads) {
        int k = pads.length;
        int[] p = new int[2 * k];
        for (int i = 0; i < k; i++) {
            p[2 * i] = pads[k - 1 - i][0];
            p[2 * i + 1] = pads[k - 1 - i][1];
        }
        return p;
    }

    private static int[] twoD(int[] v, int fill) { return v.length == 2 ? v : new int[] {fill, v[0]}; }

    private static Tensor conv(OnnxNode n, List<Tensor> in, boolean training) {
        Tensor x = in.get(0), w = in.get(1), b = in.size() > 2 ? in.get(2) : null;
        int k = w.dim() - 2;
        if (k < 1 || k > 2 || x.dim() != k + 2) throw n.unsupported("a convolution of input " + Arrays.toString(x.shape()) + " and weight " + Arrays.toString(w.shape()));
        int[] kernel = Arrays.copyOfRange(w.shape(), 2, w.dim());
        int[] stride = n.ints("strides", ones(k)), dilation = n.ints("dilations", ones(k));
        int[][] pads = pads(n, Arrays.copyOfRange(x.shape(), 2, x.dim()), kernel, stride, dilation);
        int[] sym = new int[k];
        boolean symmetric = true;
        for (int i = 0; i < k; i++) {
            symmetric &= pads[i][0] == pads[i][1];
            sym[i] = pads[i][0];
        }
        if (!symmetric) {
            x = F.pad(x, torchPad(pads));
            sym = new int[k];
        }
        if (k == 1) {
            Tensor y = F.conv2d(x.unsqueeze(2), w.unsqueeze(2), b, twoD(stride, 1), twoD(sym, 0), twoD(dilation, 1), (int) n.i("group", 1));
            return y.squeeze(2);
        }
        return F.conv2d(x, w, b, stride, sym, dilation, (int) n.i("group", 1));
    }

    /** 2-d transposed convolution (a 1-d one as 2-d); symmetric pads only. */
    private static Tensor convTranspose(OnnxNode n, List<Tensor> in, boolean training) {
        Tensor x = in.get(0), w = in.get(1), b = in.size() > 2 ? in.get(2) : null;
        int k = w.dim() - 2;
        if (k < 1 || k > 2 || x.dim() != k + 2) throw n.unsupported("a transposed convolution of input " + Arrays.toString(x.shape()));
        int[] stride = n.ints("strides", ones(k)), dilation = n.ints("dilations", ones(k)), outPad = n.ints("output_padding", new int[k]);
        int[] pads = n.ints("pads", new int[2 * k]), sym = new int[k];
        for (int i = 0; i < k; i++) {
            if (pads[i] != pads[i + k]) throw n.unsupported("asymmetric pads");
            sym[i] = pads[i];
        }
        int group = (int) n.i("group", 1);
        if (k == 1)
            return F.convTranspose2d(x.unsqueeze(2), w.unsqueeze(2), b, twoD(stride, 1), twoD(sym, 0), twoD(outPad, 0), twoD(dilation, 1), group).squeeze(2);
        return F.convTranspose2d(x, w, b, stride, sym, outPad, dilation, group);
    }

    private static Tensor pool(OnnxNode n, Tensor x, boolean max) {
        int[] kernel = n.ints("kernel_shape", null);
        int k = kernel.length;
        if (x.dim() != k + 2) throw n.invalid("a " + k + "-d kernel on input " + Arrays.toString(x.shape()));
        int[] stride = n.ints("strides", ones(k));
        int[][] pads = pads(n, Arrays.copyOfRange(x.shape(), 2, x.dim()), kernel, stride, ones(k));
        boolean ceil = n.i("ceil_mode", 0) != 0, includePad = n.i("count_include_pad", 0) != 0;
        boolean kernelPads = true; // the kernels take symmetric padding of at most half the kernel
        int[] sym = new int[k];
        for (int i = 0; i < k; i++) {
            kernelPads &= pads[i][0] == pads[i][1] && pads[i][0] <= kernel[i] / 2;
            sym[i] = pads[i][0];
        }
        boolean oneD = k == 1;
        Tensor y;
        if (kernelPads) {
            y = poolCall(oneD ? x.unsqueeze(2) : x, kernel, stride, sym, ceil, max, includePad);
        } else if (max) {
            Tensor padded = F.pad(x, torchPad(pads), Double.NEGATIVE_INFINITY);
            y = poolCall(oneD ? padded.unsqueeze(2) : padded, kernel, stride, new int[k], ceil, true, true);
        } else {
            // Average over explicit zero padding; without count_include_pad, divided by the share of real inputs.
            Tensor padded = F.pad(x, torchPad(pads));
            y = poolCall(oneD ? padded.unsqueeze(2) : padded, kernel, stride, new int[k], ceil, false, true);
            if (!includePad) {
                int[] oneShape = x.shape();
                oneShape[0] = 1;
                oneShape[1] = 1;
                Tensor mask = F.pad(Tensor.full(1, x.dtype(), oneShape), torchPad(pads));
                y = y.div(poolCall(oneD ? mask.unsqueeze(2) : mask, kernel, stride, new int[k], ceil, false, true));
            }
        }
        return oneD ? y.squeeze(2) : y;
    }

    private static Tensor poolCall(Tensor x4, int[] kernel, int[] stride, int[] pad, boolean ceil, boolean max, boolean includePad) {
        int[] k2 = twoD(kernel, 1), s2 = twoD(stride, 1), p2 = twoD(pad, 0);
        if (max && !x4.dtype().isFloating()) // integers are exact in float64
            return F.maxPool2d(x4.to(DType.FLOAT64), k2, s2, p2, ceil).to(x4.dtype());
        return max ? F.maxPool2d(x4, k2, s2, p2, ceil) : F.avgPool2d(x4, k2, s2, p2, ceil, includePad);
    }

    private static int[] ones(int k) {
        int[] v = new int[k];
        Arrays.fill(v, 1);
        return v;
    }

    private static Tensor gemm(OnnxNode n, List<Tensor> in, boolean training) {
        Tensor a = in.get(0), b = in.get(1), c = in.size() > 2 ? in.get(2) : null;
        if (n.i("transA", 0) != 0) a = a.t();
        if (n.i("transB", 0) != 0) b = b.t();
        float alpha = n.f("alpha", 1f), beta = n.f("beta", 1f);
        Tensor y = a.matmul(b);
        if (alpha != 1f) y = y.mul(alpha);
        if (c != null && beta != 0f) y = y.add(beta == 1f ? c : c.mul(beta));
        return y;
    }

    private static Tensor batchNorm(OnnxNode n, List<Tensor> in, boolean training) {
        double eps = n.f("epsilon", 1e-5f), momentum = n.f("momentum", 0.9f);
        // ONNX's momentum weighs the running statistic, PyTorch's (F's) the batch one.
        return F.batchNorm(in.get(0), in.get(3), in.get(4), in.get(1), in.get(2), training, 1 - momentum, eps);
    }

    /** Local response normalisation across channels: x / (bias + alpha / size * sum of squares in the window)^beta. */
    private static Tensor lrn(OnnxNode n, List<Tensor> in, boolean training) {
        Tensor x = in.get(0);
        int size = (int) n.i("size", 0);
        if (size < 1) throw n.invalid("size must be positive, got " + size);
        double alpha = n.f("alpha", 1e-4f), beta = n.f("beta", 0.75f), bias = n.f("bias", 1f);
        int[] shape = x.shape();
        int rest = x.numel() / Math.max(1, shape[0] * shape[1]);
        Tensor sq = x.mul(x).reshape(shape[0], 1, shape[1], rest);
        int before = (size - 1) / 2, after = size - 1 - before;
        Tensor windowMean = F.avgPool2d(F.pad(sq, new int[] {0, 0, before, after}), new int[] {size, 1}, new int[] {1, 1},
                new int[] {0, 0}, false, true);
        return x.div(windowMean.reshape(shape).mul(alpha).add(bias).pow(beta));
    }

    /** Opset < 13: the input seen as 2-D [prod(shape[:axis]), prod(shape[axis:])]; from 13, one axis (default -1). */
    private static Tensor softmax(OnnxNode n, Tensor x, boolean log) {
        if (n.opset >= 13) {
            int axis = (int) n.i("axis", -1);
            return log ? x.logSoftmax(axis) : x.softmax(axis);
        }
        int axis = (int) n.i("axis", 1);
        if (axis < 0) axis += x.dim();
        int[] shape = x.shape();
        Tensor flat = x.reshape(ShapeOps.flattenedShape(shape, axis));
        return (log ? flat.logSoftmax(1) : flat.softmax(1)).reshape(shape);
    }

    private static List<Tensor> dropout(OnnxNode n, List<Tensor> in, boolean training) {
        Tensor x = in.get(0);
        double ratio = n.opset >= 12 ? in.size() > 1 && in.get(1) != null ? in.get(1).item() : 0.5 : n.f("ratio", 0.5f);
        // The training_mode input when given, else the module's mode (train() for fine-tuning).
        boolean train = (n.opset >= 12 && in.size() > 2 && in.get(2) != null ? in.get(2).item() != 0 : training) && ratio > 0;
        Tensor y = train ? F.dropout(x, ratio, true) : x;
        List<Tensor> out = new ArrayList<>(List.of(y));
        if (n.proto.output().size() > 1) out.add(train ? y.ne(0).to(DType.INT32) : Tensor.full(1, DType.INT32, x.shape()));
        return out;
    }
}

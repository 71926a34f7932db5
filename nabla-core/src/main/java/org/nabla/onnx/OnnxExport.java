package org.nabla.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.autograd.Node;
import org.nabla.io.AtomicFiles;
import org.nabla.nn.AdaptiveAvgPool2d;
import org.nabla.nn.AvgPool2d;
import org.nabla.nn.BatchNorm;
import org.nabla.nn.ConvNd;
import org.nabla.nn.Dropout;
import org.nabla.nn.Dropout2d;
import org.nabla.nn.Flatten;
import org.nabla.nn.Identity;
import org.nabla.nn.Linear;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Module;
import org.nabla.nn.activation.LeakyReLU;
import org.nabla.nn.activation.LogSoftmax;
import org.nabla.nn.activation.Softmax;
import org.nabla.onnx.proto.AttributeProto;
import org.nabla.onnx.proto.GraphProto;
import org.nabla.onnx.proto.ModelProto;
import org.nabla.onnx.proto.NodeProto;
import org.nabla.onnx.proto.OperatorSetIdProto;
import org.nabla.onnx.proto.TensorProto;
import org.nabla.onnx.proto.TensorShapeProto;
import org.nabla.onnx.proto.TypeProto;
import org.nabla.onnx.proto.ValueInfoProto;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * ONNX export by tracing, as {@code torch.onnx.export} does: the model runs once in eval mode on a sample batch, and
 * the graph the ops recorded is written out from the output back to the input. Layers whose ONNX form needs their
 * settings (convolution, linear, batch norm, pooling, flatten, softmax, leaky ReLU; dropout and identity vanish) are
 * seen through forward hooks and written as one ONNX node each; what a model's own forward does between them
 * (residual additions, products, concatenations, ReLU/sigmoid/tanh, views) is written from the recorded ops. Parameters
 * and buffers become initializers under their state-dict names; the batch dimension is symbolic ("N"). Operator set
 * {@value #OPSET}. An op without an ONNX form is refused naming the op and the shape it made.
 */
public final class OnnxExport {
    /** The operator set the exported files import. */
    public static final int OPSET = 13;
    private static final long IR_VERSION = 7;

    private OnnxExport() {}

    /** Writes model for samples of sampleShape (no batch dim) to file, atomically. */
    public static void save(Module model, int[] sampleShape, Path file) {
        AtomicFiles.write(file, export(model, sampleShape).toByteArray());
    }

    /** The model as an ONNX model for samples of sampleShape (no batch dim); the model is left in eval mode. */
    public static ModelProto export(Module model, int[] sampleShape) {
        return new Tracer(model).trace(sampleShape);
    }

    /** One call of a layer written as a whole: the layer, its name in the model and its input. */
    private record LayerCall(String path, Module layer, Tensor input) {}

    private static final class Tracer {
        private final Module model;
        private final Map<Tensor, LayerCall> layerOutputs = new IdentityHashMap<>();
        private final Map<Tensor, String> names = new IdentityHashMap<>();
        private final Map<Tensor, String> stateNames = new IdentityHashMap<>();
        private final Map<String, Integer> uses = new HashMap<>();
        private final List<NodeProto> nodes = new ArrayList<>();
        private final List<TensorProto> initializers = new ArrayList<>();

        Tracer(Module model) {
            this.model = model;
            model.namedParameters().forEach((name, p) -> stateNames.put(p, name));
            model.namedBuffers().forEach((name, b) -> stateNames.put(b, name));
        }

        ModelProto trace(int[] sampleShape) {
            model.eval();
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = 2; // two samples, so the batch dim is never mistaken for a dim of size 1
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            Tensor x = Tensor.randn(new Generator(0), shape).requiresGrad(true);
            List<AutoCloseable> hooks = new ArrayList<>();
            model.namedModules().forEach((path, m) -> {
                if (writtenWhole(m)) hooks.add(m.registerForwardHook((layer, inputs, output) -> {
                    if (output instanceof Tensor out && !inputs.isEmpty() && inputs.getFirst() instanceof Tensor in && out != in)
                        layerOutputs.put(out, new LayerCall(path, layer, in));
                }));
            });
            Tensor y;
            try {
                y = model.call(x);
            } finally {
                for (AutoCloseable h : hooks) {
                    try { h.close(); } catch (Exception e) { throw new IllegalStateException(e); }
                }
            }
            names.put(x, "input");
            String out = emit(y);
            GraphProto graph = new GraphProto(nodes, "nabla", initializers, "", List.of(valueInfo("input", x)), List.of(valueInfo(out, y)), List.of());
            return new ModelProto(IR_VERSION, List.of(new OperatorSetIdProto("", OPSET)), "nabla", "", "", 0, "", graph, List.of());
        }

        private static boolean writtenWhole(Module m) {
            return m instanceof ConvNd || m instanceof Linear || m instanceof BatchNorm || m instanceof MaxPool2d || m instanceof AvgPool2d
                    || m instanceof AdaptiveAvgPool2d || m instanceof Flatten || m instanceof Softmax || m instanceof LogSoftmax
                    || m instanceof LeakyReLU || m instanceof Dropout || m instanceof Dropout2d || m instanceof Identity;
        }

        private static ValueInfoProto valueInfo(String name, Tensor t) {
            List<TensorShapeProto.Dimension> dims = new ArrayList<>();
            dims.add(new TensorShapeProto.Dimension(null, "N", ""));
            for (int i = 1; i < t.dim(); i++) dims.add(new TensorShapeProto.Dimension((long) t.size(i), "", ""));
            return new ValueInfoProto(name, TypeProto.tensor(OnnxTensors.onnxType(t.dtype()), new TensorShapeProto(dims)), "");
        }

        /** The name of t's value in the graph, writing the nodes that compute it first. */
        private String emit(Tensor t) {
            String known = names.get(t);
            if (known != null) return known;
            String name;
            LayerCall call = layerOutputs.get(t);
            if (call != null) name = layer(call, t);
            else if (stateNames.containsKey(t) || t.gradFn() == null) name = initializer(stateNames.getOrDefault(t, "const"), t);
            else name = op(t.gradFn(), t);
            names.put(t, name);
            return name;
        }

        private String fresh(String base) {
            int n = uses.merge(base, 1, Integer::sum);
            return n == 1 ? base : base + "_" + n;
        }

        private String initializer(String base, Tensor t) {
            String name = fresh(base);
            initializers.add(OnnxTensors.toProto(name, t.detach().contiguous()));
            return name;
        }

        private String constant(String base, long... values) {
            String name = fresh(base);
            initializers.add(OnnxTensors.toProto(name, Tensor.of(values, values.length)));
            return name;
        }

        private String node(String op, String base, List<String> inputs, AttributeProto... attributes) {
            String out = fresh(base);
            nodes.add(new NodeProto(inputs, List.of(out), out, op, "", List.of(attributes), ""));
            return out;
        }

        /** A layer as one node (or none: dropout and identity pass their input on). */
        private String layer(LayerCall c, Tensor out) {
            String in = emit(c.input());
            String p = c.path().isEmpty() ? c.layer().getClass().getSimpleName() : c.path();
            Tensor x = c.input();
            return switch (c.layer()) {
                case ConvNd conv when !conv.isTransposed() && conv.kernelSize().length == 2 -> {
                    List<String> inputs = new ArrayList<>(List.of(in, emit(conv.weight)));
                    if (conv.bias != null) inputs.add(emit(conv.bias));
                    int[] pad = conv.padding();
                    AttributeProto padding = "same".equals(conv.paddingMode()) ? AttributeProto.ofString("auto_pad", "SAME_UPPER")
                            : AttributeProto.ofInts("pads", pad[0], pad[1], pad[0], pad[1]);
                    yield node("Conv", p, inputs, AttributeProto.ofInts("kernel_shape", longs(conv.kernelSize())), AttributeProto.ofInts("strides", longs(conv.stride())),
                            padding, AttributeProto.ofInts("dilations", longs(conv.dilation())), AttributeProto.ofInt("group", conv.groups()));
                }
                case Linear l when x.dim() == 2 -> {
                    List<String> inputs = new ArrayList<>(List.of(in, emit(l.weight)));
                    if (l.bias != null) inputs.add(emit(l.bias));
                    yield node("Gemm", p, inputs, AttributeProto.ofInt("transB", 1));
                }
                case Linear l -> {
                    String wt = node("Transpose", p + ".weight_t", List.of(emit(l.weight)), AttributeProto.ofInts("perm", 1, 0));
                    String mm = node("MatMul", p, List.of(in, wt));
                    yield l.bias == null ? mm : node("Add", p + ".add", List.of(mm, emit(l.bias)));
                }
                case BatchNorm bn -> {
                    if (!bn.trackRunningStats())
                        throw new UnsupportedOnnxException("onnx export: " + p + " keeps no running statistics, so its eval output depends on the batch");
                    int ch = bn.numFeatures();
                    String scale = bn.affine() ? emit(bn.weight) : initializer(p + ".weight", Tensor.ones(ch));
                    String shift = bn.affine() ? emit(bn.bias) : initializer(p + ".bias", Tensor.zeros(ch));
                    yield node("BatchNormalization", p, List.of(in, scale, shift, emit(bn.runningMean), emit(bn.runningVar)),
                            AttributeProto.ofFloat("epsilon", (float) bn.eps()));
                }
                case MaxPool2d m -> node("MaxPool", p, List.of(in), AttributeProto.ofInts("kernel_shape", longs(m.kernelSize())),
                        AttributeProto.ofInts("strides", longs(m.stride())), pads(m.padding()), AttributeProto.ofInt("ceil_mode", m.ceilMode() ? 1 : 0));
                case AvgPool2d a -> node("AveragePool", p, List.of(in), AttributeProto.ofInts("kernel_shape", longs(a.kernelSize())),
                        AttributeProto.ofInts("strides", longs(a.stride())), pads(a.padding()), AttributeProto.ofInt("ceil_mode", a.ceilMode() ? 1 : 0),
                        AttributeProto.ofInt("count_include_pad", a.countIncludePad() ? 1 : 0));
                case AdaptiveAvgPool2d a -> adaptiveAvgPool(p, in, x, out);
                case Flatten f -> flatten(p, in, x, out);
                case Softmax s -> node("Softmax", p, List.of(in), AttributeProto.ofInt("axis", s.dim()));
                case LogSoftmax s -> node("LogSoftmax", p, List.of(in), AttributeProto.ofInt("axis", s.dim()));
                case LeakyReLU r -> node("LeakyRelu", p, List.of(in), AttributeProto.ofFloat("alpha", (float) r.negativeSlope()));
                case Dropout d -> in;
                case Dropout2d d -> in;
                case Identity i -> in;
                default -> throw new UnsupportedOnnxException("onnx export: " + p + " (" + c.layer().getClass().getSimpleName() + ") has no ONNX form");
            };
        }

        /** Global average pooling for a 1x1 output, else an average pooling whose windows tile the input exactly. */
        private String adaptiveAvgPool(String p, String in, Tensor x, Tensor out) {
            int h = x.size(-2), w = x.size(-1), oh = out.size(-2), ow = out.size(-1);
            if (oh == 1 && ow == 1) return node("GlobalAveragePool", p, List.of(in));
            if (h % oh != 0 || w % ow != 0)
                throw new UnsupportedOnnxException("onnx export: " + p + " pools " + h + "x" + w + " to " + oh + "x" + ow
                        + ", which is no fixed window; export at an input size where it divides");
            long[] k = {h / oh, w / ow};
            return node("AveragePool", p, List.of(in), AttributeProto.ofInts("kernel_shape", k), AttributeProto.ofInts("strides", k));
        }

        /** Flatten(axis 1) when everything after the batch dim becomes one dim, else a Reshape keeping the batch dim. */
        private String flatten(String p, String in, Tensor x, Tensor out) {
            if (out.dim() == 2 && x.dim() >= 2 && out.size(0) == x.size(0)) return node("Flatten", p, List.of(in), AttributeProto.ofInt("axis", 1));
            return reshape(p, in, x, out);
        }

        private String reshape(String p, String in, Tensor x, Tensor out) {
            if (out.dim() == 0 || x.dim() == 0 || out.size(0) != x.size(0))
                throw new UnsupportedOnnxException("onnx export: " + p + " reshapes " + Arrays.toString(x.shape()) + " to " + Arrays.toString(out.shape())
                        + " across the batch dim");
            long[] shape = longs(out.shape());
            shape[0] = 0; // ONNX: copy the input's (batch) dim
            return node("Reshape", p, List.of(in, constant(p + ".shape", shape)));
        }

        /** A recorded op of the model's own forward. */
        private String op(Node n, Tensor out) {
            Tensor[] in = n.inputs();
            String op = n.name();
            String base = op.toLowerCase(java.util.Locale.ROOT);
            return switch (op) {
                case "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Neg", "Abs", "Erf" -> node(op, base, List.of(emit(in[0])));
                case "Add", "Sub", "Mul", "Div" -> node(op, base, List.of(emit(in[0]), emit(in[1])));
                case "Maximum" -> node("Max", base, List.of(emit(in[0]), emit(in[1])));
                case "Minimum" -> node("Min", base, List.of(emit(in[0]), emit(in[1])));
                case "Contiguous", "Clone" -> emit(in[0]);
                case "ToCopy" -> in[0].dtype() == out.dtype() ? emit(in[0]) : node("Cast", base, List.of(emit(in[0])),
                        AttributeProto.ofInt("to", OnnxTensors.onnxType(out.dtype())));
                case "Cat" -> {
                    List<String> parts = new ArrayList<>();
                    for (Tensor t : in) parts.add(emit(t));
                    yield node("Concat", base, parts, AttributeProto.ofInt("axis", catAxis(in, out)));
                }
                case "View" -> flatten(base, emit(in[0]), in[0], out);
                case "Sum" -> reduceSum(base, in[0], out);
                case "Unsqueeze", "Squeeze" -> node(op, base, List.of(emit(in[0]), constant(base + ".axes", changedAxes(in[0], out))));
                default -> throw new UnsupportedOnnxException("onnx export: the op " + op + " (making " + Arrays.toString(out.shape())
                        + ") has no ONNX form in the exporter; use layers with one (see OnnxExport)");
            };
        }

        /** A sum over dims: the reduced axes are read off the shapes (with keepdim, the dims that became 1). */
        private String reduceSum(String base, Tensor x, Tensor out) {
            boolean keep = out.dim() == x.dim();
            long[] axes;
            if (keep) axes = java.util.stream.IntStream.range(0, x.dim()).filter(d -> out.size(d) == 1 && x.size(d) != 1).asLongStream().toArray();
            else {
                axes = changedAxes(x, out);
                if (!Arrays.equals(axes, changedAxesFromTheEnd(x, out)))
                    throw new UnsupportedOnnxException("onnx export: a sum of " + Arrays.toString(x.shape()) + " to " + Arrays.toString(out.shape())
                            + " does not say which dims it reduced; sum with keepdim");
            }
            return node("ReduceSum", base, List.of(emit(x), constant(base + ".axes", axes)), AttributeProto.ofInt("keepdims", keep ? 1 : 0),
                    AttributeProto.ofInt("noop_with_empty_axes", 1));
        }

        private static int catAxis(Tensor[] in, Tensor out) {
            for (int d = 0; d < out.dim(); d++) {
                int sum = 0;
                for (Tensor t : in) sum += t.size(d);
                if (sum == out.size(d) && (in.length == 1 || in[0].size(d) != out.size(d))) return d;
            }
            return 0;
        }

        /** The dims of the longer shape left over when the shorter's are matched in order: what a squeeze or a sum removes, an unsqueeze inserts. */
        private static long[] changedAxes(Tensor a, Tensor b) {
            int[] longer = a.dim() > b.dim() ? a.shape() : b.shape(), shorter = a.dim() > b.dim() ? b.shape() : a.shape();
            long[] axes = new long[longer.length - shorter.length];
            for (int i = 0, j = 0, k = 0; i < longer.length; i++) {
                if (j < shorter.length && longer[i] == shorter[j]) j++;
                else if (k < axes.length) axes[k++] = i;
            }
            return axes;
        }

        private static long[] changedAxesFromTheEnd(Tensor a, Tensor b) {
            int[] longer = a.dim() > b.dim() ? a.shape() : b.shape(), shorter = a.dim() > b.dim() ? b.shape() : a.shape();
            long[] axes = new long[longer.length - shorter.length];
            for (int i = longer.length - 1, j = shorter.length - 1, k = axes.length - 1; i >= 0; i--) {
                if (j >= 0 && longer[i] == shorter[j]) j--;
                else if (k >= 0) axes[k--] = i;
            }
            return axes;
        }

        private static AttributeProto pads(int[] p) { return AttributeProto.ofInts("pads", p[0], p[1], p[0], p[1]); }

        private static long[] longs(int[] v) { return Arrays.stream(v).asLongStream().toArray(); }
    }
}

package org.nabla.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.onnx.proto.GraphProto;
import org.nabla.onnx.proto.ModelProto;
import org.nabla.onnx.proto.NodeProto;
import org.nabla.onnx.proto.TensorProto;
import org.nabla.onnx.proto.ValueInfoProto;
import org.nabla.tensor.Tensor;

/**
 * An imported ONNX graph as a {@link Module}: it runs the graph's nodes in topological order on Nabla tensors, so
 * gradients flow and the model can be fine-tuned. Floating-point initializers are parameters (BatchNormalization's
 * running mean and variance are buffers) named after the initializer: "conv1.weight" becomes the parameter weight of a
 * child conv1, so the state dict's keys are the initializer names; integer initializers (shapes) are constants.
 * Dropout and BatchNormalization follow the module's train/eval mode; {@link Onnx#load} returns it in eval mode.
 */
public final class OnnxModule extends Module {
    private final String source;
    private final List<OnnxNode> plan;
    private final List<String> inputNames = new ArrayList<>(), outputNames = new ArrayList<>();
    private final Map<String, Tensor> initializers = new HashMap<>();
    private final Map<String, ValueInfoProto> inputInfo = new LinkedHashMap<>();
    private final long opset;
    private final Map<String, ParameterGroup> groups = new HashMap<>();
    private final Set<String> valuePaths = new HashSet<>();

    OnnxModule(ModelProto model, String source) {
        this.source = source;
        GraphProto graph = model.graph();
        if (graph == null) throw new IllegalArgumentException(source + ": the model has no graph");
        long version = model.defaultOpsetVersion();
        this.opset = version == 0 ? 1 : version;
        Set<String> statistics = new HashSet<>();
        for (NodeProto n : graph.node())
            if (n.opType().equals("BatchNormalization"))
                for (int k = 3; k < Math.min(5, n.input().size()); k++) statistics.add(n.input().get(k));
        for (TensorProto t : graph.initializer()) {
            Tensor value;
            try {
                value = OnnxTensors.toTensor(t);
            } catch (IllegalArgumentException e) {
                throw rethrow(e, "initializer '" + t.name() + "': ");
            }
            initializers.put(t.name(), value.dtype().isFloating() ? register(t.name(), value, statistics.contains(t.name())) : value);
        }
        for (ValueInfoProto v : graph.input())
            if (!initializers.containsKey(v.name())) {
                if (v.type() != null && v.type().tensorType() == null)
                    throw new UnsupportedOnnxException(source + ": graph input '" + v.name() + "' is not a tensor (sequence, map or optional)");
                inputNames.add(v.name());
                inputInfo.put(v.name(), v);
            }
        for (ValueInfoProto v : graph.output()) outputNames.add(v.name());
        this.plan = order(graph);
        eval();
    }

    /** The graph's inputs that are not initializers, in order. */
    public List<String> inputNames() { return Collections.unmodifiableList(inputNames); }

    public List<String> outputNames() { return Collections.unmodifiableList(outputNames); }

    /** The declared type of a graph input (null when the model gives none). */
    public ValueInfoProto inputInfo(String name) { return inputInfo.get(name); }

    /** The version of the default operator set the model imports. */
    public long opsetVersion() { return opset; }

    /** Runs a graph of one input and returns its first output. */
    @Override
    public Tensor forward(Tensor input) {
        if (inputNames.size() != 1)
            throw new IllegalArgumentException(source + ": the graph takes " + inputNames.size() + " inputs " + inputNames + "; call run(...) with them by name");
        return execute(Map.of(inputNames.getFirst(), input)).get(outputNames.getFirst());
    }

    /** Runs the graph on its inputs by name; the outputs by name, in the graph's order. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) { return invoke(() -> execute(inputs), inputs.values().toArray()); }

    /** Runs the graph on its inputs in order; the outputs in order. */
    public List<Tensor> run(List<Tensor> inputs) {
        if (inputs.size() != inputNames.size())
            throw new IllegalArgumentException(source + ": the graph takes " + inputNames.size() + " inputs " + inputNames + ", got " + inputs.size());
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) named.put(inputNames.get(i), inputs.get(i));
        return new ArrayList<>(run(named).values());
    }

    private Map<String, Tensor> execute(Map<String, Tensor> inputs) {
        Map<String, Tensor> values = new HashMap<>(initializers);
        for (String name : inputNames) {
            Tensor x = inputs.get(name);
            if (x == null) throw new IllegalArgumentException(source + ": missing graph input '" + name + "'");
            values.put(name, x);
        }
        boolean training = isTraining();
        for (OnnxNode node : plan) {
            List<Tensor> in = new ArrayList<>();
            for (String name : node.proto.input()) {
                if (name.isEmpty()) { in.add(null); continue; }
                Tensor x = values.get(name);
                if (x == null) throw new IllegalArgumentException(source + ": " + node.describe() + " reads '" + name + "', which nothing produces");
                in.add(x);
            }
            while (!in.isEmpty() && in.getLast() == null) in.removeLast();
            List<Tensor> out;
            try {
                out = Operators.get(node.op()).run(node, in, training);
            } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException | ArithmeticException e) {
                String message = e.getMessage() != null && e.getMessage().startsWith(node.describe()) ? e.getMessage() : node.describe() + ": " + e.getMessage();
                throw rethrow(e, "", message);
            }
            for (int k = 0; k < Math.min(out.size(), node.proto.output().size()); k++)
                if (!node.proto.output().get(k).isEmpty()) values.put(node.proto.output().get(k), out.get(k));
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (String name : outputNames) {
            Tensor y = values.get(name);
            if (y == null) throw new IllegalArgumentException(source + ": graph output '" + name + "' is never produced");
            result.put(name, y);
        }
        return result;
    }

    private IllegalArgumentException rethrow(RuntimeException e, String prefix) { return rethrow(e, prefix, e.getMessage()); }

    private IllegalArgumentException rethrow(RuntimeException e, String prefix, String message) {
        String text = source + ": " + prefix + message;
        IllegalArgumentException wrapped = e instanceof UnsupportedOnnxException ? new UnsupportedOnnxException(text) : new IllegalArgumentException(text);
        wrapped.initCause(e);
        return wrapped;
    }

    /** The nodes in an order where each runs after the producers of its inputs; unsupported operators are refused here. */
    private List<OnnxNode> order(GraphProto graph) {
        List<NodeProto> nodes = graph.node();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++)
            for (String out : nodes.get(i).output()) if (!out.isEmpty()) producer.put(out, i);
        List<OnnxNode> ordered = new ArrayList<>();
        int[] state = new int[nodes.size()]; // 0 new, 1 on the stack, 2 placed
        for (int start = 0; start < nodes.size(); start++) {
            if (state[start] != 0) continue;
            Deque<int[]> stack = new ArrayDeque<>(); // {node, next input to look at}
            stack.push(new int[] {start, 0});
            state[start] = 1;
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                List<String> in = nodes.get(top[0]).input();
                if (top[1] < in.size()) {
                    Integer p = producer.get(in.get(top[1]++));
                    if (p == null || state[p] == 2) continue;
                    if (state[p] == 1) throw new IllegalArgumentException(source + ": the graph has a cycle through '" + nodes.get(p).opType() + "'");
                    state[p] = 1;
                    stack.push(new int[] {p, 0});
                } else {
                    stack.pop();
                    state[top[0]] = 2;
                    ordered.add(checked(nodes.get(top[0])));
                }
            }
        }
        return ordered;
    }

    private OnnxNode checked(NodeProto proto) {
        OnnxNode node = new OnnxNode(proto, opset);
        if (!proto.domain().isEmpty() && !proto.domain().equals("ai.onnx"))
            throw new UnsupportedOnnxException(source + ": " + node.describe() + ": operator domain '" + proto.domain() + "' is not supported");
        Operator op = Operators.get(proto.opType());
        if (op == null) throw new UnsupportedOnnxException(source + ": unsupported ONNX operator " + proto.opType() + " in " + node.describe());
        try {
            op.check(node);
        } catch (IllegalArgumentException e) {
            throw rethrow(e, "");
        }
        return node;
    }

    @Override
    protected String extraRepr() { return source + ", opset " + opset + ", " + plan.size() + " nodes"; }

    /**
     * Registers a floating-point initializer at its dotted path ("layer1.0.conv1.weight": a parameter weight of nested
     * groups layer1, 0, conv1); a name that cannot be a path (an empty part, a clash) is registered at the top with
     * its dots as underscores.
     */
    private Tensor register(String name, Tensor value, boolean buffer) {
        String[] parts = name.split("\\.", -1);
        boolean nested = parts.length > 1 && Arrays.stream(parts).noneMatch(String::isEmpty) && !valuePaths.contains(name) && !groups.containsKey(name);
        for (int k = 1; nested && k < parts.length; k++) nested = !valuePaths.contains(String.join(".", Arrays.copyOf(parts, k)));
        if (!nested) {
            String flat = name.replace('.', '_');
            while (valuePaths.contains(flat) || groups.containsKey(flat)) flat += "_";
            parts = new String[] {flat};
        }
        ParameterGroup at = null;
        String prefix = "";
        for (int k = 0; k < parts.length - 1; k++) {
            prefix = prefix.isEmpty() ? parts[k] : prefix + "." + parts[k];
            ParameterGroup g = groups.get(prefix);
            if (g == null) {
                g = new ParameterGroup();
                if (at == null) registerModule(parts[k], g);
                else at.addGroup(parts[k], g);
                groups.put(prefix, g);
            }
            at = g;
        }
        valuePaths.add(String.join(".", parts));
        String leaf = parts[parts.length - 1];
        if (at != null) return at.addValue(leaf, value, buffer);
        return buffer ? registerBuffer(leaf, value) : registerParameter(leaf, new Parameter(value));
    }

    /** A child that only holds initializers (a prefix of their dotted names). */
    private static final class ParameterGroup extends Module {
        void addGroup(String name, ParameterGroup g) { registerModule(name, g); }

        Tensor addValue(String name, Tensor value, boolean buffer) {
            return buffer ? registerBuffer(name, value) : registerParameter(name, new Parameter(value));
        }
    }
}

package org.nabla.onnx;

import java.util.HashMap;
import java.util.Map;
import org.nabla.onnx.proto.AttributeProto;
import org.nabla.onnx.proto.NodeProto;
import org.nabla.onnx.proto.TensorProto;

/** A graph node as an operator sees it: its attributes by name (with defaults) and the model's opset version. */
final class OnnxNode {
    final NodeProto proto;
    final long opset;
    private final Map<String, AttributeProto> attributes = new HashMap<>();

    OnnxNode(NodeProto proto, long opset) {
        this.proto = proto;
        this.opset = opset;
        for (AttributeProto a : proto.attribute()) attributes.put(a.name(), a);
    }

    String op() { return proto.opType(); }

    /** "node 'conv1' (Conv)", for error messages. */
    String describe() { return "node '" + (proto.name().isEmpty() ? proto.output().isEmpty() ? "?" : proto.output().getFirst() : proto.name()) + "' (" + op() + ")"; }

    boolean has(String name) { return attributes.containsKey(name); }

    long i(String name, long dflt) {
        AttributeProto a = attributes.get(name);
        return a == null ? dflt : a.i();
    }

    float f(String name, float dflt) {
        AttributeProto a = attributes.get(name);
        return a == null ? dflt : a.f();
    }

    String s(String name, String dflt) {
        AttributeProto a = attributes.get(name);
        return a == null ? dflt : a.stringValue();
    }

    /** An INTS attribute, or null when absent. */
    long[] ints(String name) {
        AttributeProto a = attributes.get(name);
        return a == null ? null : a.ints();
    }

    int[] ints(String name, int[] dflt) {
        long[] v = ints(name);
        if (v == null) return dflt;
        int[] out = new int[v.length];
        for (int k = 0; k < v.length; k++) out[k] = Math.toIntExact(v[k]);
        return out;
    }

    float[] floats(String name) {
        AttributeProto a = attributes.get(name);
        return a == null ? null : a.floats();
    }

    TensorProto tensor(String name) {
        AttributeProto a = attributes.get(name);
        return a == null ? null : a.t();
    }

    UnsupportedOnnxException unsupported(String what) { return new UnsupportedOnnxException(describe() + ": " + what + " is not supported"); }

    IllegalArgumentException invalid(String what) { return new IllegalArgumentException(describe() + ": " + what); }
}

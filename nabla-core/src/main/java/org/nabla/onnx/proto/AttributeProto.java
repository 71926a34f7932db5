package org.nabla.onnx.proto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node attribute: its name, its type (one of the constants below) and the field that type selects — f, i, s
 * (UTF-8 bytes), t, g, or the lists floats, ints, strings, tensors, graphs. refAttrName is set inside functions.
 */
public record AttributeProto(String name, String refAttrName, String docString, int type, float f, long i, byte[] s,
                             TensorProto t, GraphProto g, float[] floats, long[] ints, List<byte[]> strings,
                             List<TensorProto> tensors, List<GraphProto> graphs) {
    public static final int UNDEFINED = 0, FLOAT = 1, INT = 2, STRING = 3, TENSOR = 4, GRAPH = 5, FLOATS = 6, INTS = 7,
            STRINGS = 8, TENSORS = 9, GRAPHS = 10, SPARSE_TENSOR = 11, SPARSE_TENSORS = 12, TYPE_PROTO = 13, TYPE_PROTOS = 14;

    public AttributeProto {
        strings = List.copyOf(strings);
        tensors = List.copyOf(tensors);
        graphs = List.copyOf(graphs);
    }

    private static AttributeProto of(String name, int type, float f, long i, byte[] s, TensorProto t, float[] floats, long[] ints) {
        return new AttributeProto(name, "", "", type, f, i, s, t, null, floats, ints, List.of(), List.of(), List.of());
    }

    public static AttributeProto ofFloat(String name, float f) { return of(name, FLOAT, f, 0, new byte[0], null, new float[0], new long[0]); }

    public static AttributeProto ofInt(String name, long i) { return of(name, INT, 0, i, new byte[0], null, new float[0], new long[0]); }

    public static AttributeProto ofString(String name, String s) {
        return of(name, STRING, 0, 0, s.getBytes(StandardCharsets.UTF_8), null, new float[0], new long[0]);
    }

    public static AttributeProto ofTensor(String name, TensorProto t) { return of(name, TENSOR, 0, 0, new byte[0], t, new float[0], new long[0]); }

    public static AttributeProto ofFloats(String name, float... fs) { return of(name, FLOATS, 0, 0, new byte[0], null, fs, new long[0]); }

    public static AttributeProto ofInts(String name, long... is) { return of(name, INTS, 0, 0, new byte[0], null, new float[0], is); }

    /** s as a string. */
    public String stringValue() { return new String(s, StandardCharsets.UTF_8); }

    static AttributeProto parse(ProtoReader r) {
        String name = "", ref = "", doc = "";
        int type = 0;
        float f = 0;
        long i = 0;
        byte[] s = new byte[0];
        TensorProto t = null;
        GraphProto g = null;
        LongList floats = new LongList(), ints = new LongList();
        List<byte[]> strings = new ArrayList<>();
        List<TensorProto> tensors = new ArrayList<>();
        List<GraphProto> graphs = new ArrayList<>();
        while (r.hasMore()) {
            r.readTag();
            switch (r.field()) {
                case 1 -> name = r.readString();
                case 2 -> { r.expect(ProtoReader.FIXED32); f = r.readFloat(); }
                case 3 -> { r.expect(ProtoReader.VARINT); i = r.readVarint(); }
                case 4 -> s = r.readBytes();
                case 5 -> t = TensorProto.parse(r.readMessage());
                case 6 -> g = GraphProto.parse(r.readMessage());
                case 7 -> r.readFloats(floats);
                case 8 -> r.readVarints(ints);
                case 9 -> strings.add(r.readBytes());
                case 10 -> tensors.add(TensorProto.parse(r.readMessage()));
                case 11 -> graphs.add(GraphProto.parse(r.readMessage()));
                case 13 -> doc = r.readString();
                case 20 -> { r.expect(ProtoReader.VARINT); type = (int) r.readVarint(); }
                case 21 -> ref = r.readString();
                default -> r.skip();
            }
        }
        return new AttributeProto(name, ref, doc, type, f, i, s, t, g, floats.toFloatArray(), ints.toArray(), strings, tensors, graphs);
    }

    // Repeated scalars are written unpacked, as onnx.proto (proto2, no [packed = true] here) declares them.
    void write(ProtoWriter w) {
        if (!name.isEmpty()) w.string(1, name);
        if (type == FLOAT || f != 0) w.floatValue(2, f);
        if (type == INT || i != 0) w.varint(3, i);
        if (type == STRING || s.length > 0) w.bytes(4, s);
        if (t != null) w.message(5, t::write);
        if (g != null) w.message(6, g::write);
        for (float v : floats) w.floatValue(7, v);
        for (long v : ints) w.varint(8, v);
        for (byte[] v : strings) w.bytes(9, v);
        for (TensorProto v : tensors) w.message(10, v::write);
        for (GraphProto v : graphs) w.message(11, v::write);
        if (!docString.isEmpty()) w.string(13, docString);
        if (type != 0) w.varint(20, type);
        if (!refAttrName.isEmpty()) w.string(21, refAttrName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeProto a && name.equals(a.name) && refAttrName.equals(a.refAttrName) && docString.equals(a.docString)
                && type == a.type && Float.compare(f, a.f) == 0 && i == a.i && Arrays.equals(s, a.s) && java.util.Objects.equals(t, a.t)
                && java.util.Objects.equals(g, a.g) && Arrays.equals(floats, a.floats) && Arrays.equals(ints, a.ints)
                && Arrays.deepEquals(strings.toArray(), a.strings.toArray()) && tensors.equals(a.tensors) && graphs.equals(a.graphs);
    }

    @Override
    public int hashCode() { return 31 * name.hashCode() + type; }

    @Override
    public String toString() { return "AttributeProto[" + name + ", type " + type + "]"; }
}

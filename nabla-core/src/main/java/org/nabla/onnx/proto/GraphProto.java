package org.nabla.onnx.proto;

import java.util.ArrayList;
import java.util.List;

/** A computation graph: nodes (topologically sorted, by the standard), initializers, inputs, outputs, value infos. */
public record GraphProto(List<NodeProto> node, String name, List<TensorProto> initializer, String docString,
                         List<ValueInfoProto> input, List<ValueInfoProto> output, List<ValueInfoProto> valueInfo) {
    public GraphProto {
        node = List.copyOf(node);
        initializer = List.copyOf(initializer);
        input = List.copyOf(input);
        output = List.copyOf(output);
        valueInfo = List.copyOf(valueInfo);
    }

    static GraphProto parse(ProtoReader r) {
        List<NodeProto> nodes = new ArrayList<>();
        List<TensorProto> inits = new ArrayList<>();
        List<ValueInfoProto> in = new ArrayList<>(), out = new ArrayList<>(), infos = new ArrayList<>();
        String name = "", doc = "";
        while (r.hasMore()) {
            r.readTag();
            switch (r.field()) {
                case 1 -> nodes.add(NodeProto.parse(r.readMessage()));
                case 2 -> name = r.readString();
                case 5 -> inits.add(TensorProto.parse(r.readMessage()));
                case 10 -> doc = r.readString();
                case 11 -> in.add(ValueInfoProto.parse(r.readMessage()));
                case 12 -> out.add(ValueInfoProto.parse(r.readMessage()));
                case 13 -> infos.add(ValueInfoProto.parse(r.readMessage()));
                default -> r.skip();
            }
        }
        return new GraphProto(nodes, name, inits, doc, in, out, infos);
    }

    void write(ProtoWriter w) {
        for (NodeProto n : node) w.message(1, n::write);
        if (!name.isEmpty()) w.string(2, name);
        for (TensorProto t : initializer) w.message(5, t::write);
        if (!docString.isEmpty()) w.string(10, docString);
        for (ValueInfoProto v : input) w.message(11, v::write);
        for (ValueInfoProto v : output) w.message(12, v::write);
        for (ValueInfoProto v : valueInfo) w.message(13, v::write);
    }
}

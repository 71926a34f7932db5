package org.nabla.onnx.proto;

import java.util.ArrayList;
import java.util.List;

/** One operator call: input and output value names ("" for an omitted optional input), op type, domain, attributes. */
public record NodeProto(List<String> input, List<String> output, String name, String opType, String domain,
                        List<AttributeProto> attribute, String docString) {
    public NodeProto {
        input = List.copyOf(input);
        output = List.copyOf(output);
        attribute = List.copyOf(attribute);
    }

    static NodeProto parse(ProtoReader r) {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        List<AttributeProto> attrs = new ArrayList<>();
        String name = "", op = "", domain = "", doc = "";
        while (r.hasMore()) {
            r.readTag();
            switch (r.field()) {
                case 1 -> in.add(r.readString());
                case 2 -> out.add(r.readString());
                case 3 -> name = r.readString();
                case 4 -> op = r.readString();
                case 5 -> attrs.add(AttributeProto.parse(r.readMessage()));
                case 6 -> doc = r.readString();
                case 7 -> domain = r.readString();
                default -> r.skip();
            }
        }
        return new NodeProto(in, out, name, op, domain, attrs, doc);
    }

    void write(ProtoWriter w) {
        for (String s : input) w.string(1, s);
        for (String s : output) w.string(2, s);
        if (!name.isEmpty()) w.string(3, name);
        if (!opType.isEmpty()) w.string(4, opType);
        for (AttributeProto a : attribute) w.message(5, a::write);
        if (!docString.isEmpty()) w.string(6, docString);
        if (!domain.isEmpty()) w.string(7, domain);
    }
}

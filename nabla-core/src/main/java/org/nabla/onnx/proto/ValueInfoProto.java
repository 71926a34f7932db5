package org.nabla.onnx.proto;

/** A graph input, output or intermediate value: its name and type (null when not given). */
public record ValueInfoProto(String name, TypeProto type, String docString) {
    static ValueInfoProto parse(ProtoReader r) {
        String name = "", doc = "";
        TypeProto type = null;
        while (r.hasMore()) {
            r.readTag();
            switch (r.field()) {
                case 1 -> name = r.readString();
                case 2 -> type = TypeProto.parse(r.readMessage());
                case 3 -> doc = r.readString();
                default -> r.skip();
            }
        }
        return new ValueInfoProto(name, type, doc);
    }

    void write(ProtoWriter w) {
        if (!name.isEmpty()) w.string(1, name);
        if (type != null) w.message(2, type::write);
        if (!docString.isEmpty()) w.string(3, docString);
    }
}

package org.nabla.onnx.proto;

/** A key-value pair (a model's metadata_props). */
public record StringStringEntryProto(String key, String value) {
    static StringStringEntryProto parse(ProtoReader r) {
        String key = "", value = "";
        while (r.hasMore()) {
            r.readTag();
            switch (r.field()) {
                case 1 -> key = r.readString();
                case 2 -> value = r.readString();
                default -> r.skip();
            }
        }
        return new StringStringEntryProto(key, value);
    }

    void write(ProtoWriter w) {
        if (!key.isEmpty()) w.string(1, key);
        if (!value.isEmpty()) w.string(2, value);
    }
}

package org.nabla.onnx.proto;

/** An operator set a model imports: its domain ("" or "ai.onnx" for the default one) and version. */
public record OperatorSetIdProto(String domain, long version) {
    static OperatorSetIdProto parse(ProtoReader r) {
        String domain = "";
        long version = 0;
        while (r.hasMore()) {
            r.readTag();
            switch (r.field()) {
                case 1 -> domain = r.readString();
                case 2 -> { r.expect(ProtoReader.VARINT); version = r.readVarint(); }
                default -> r.skip();
            }
        }
        return new OperatorSetIdProto(domain, version);
    }

    void write(ProtoWriter w) {
        if (!domain.isEmpty()) w.string(1, domain);
        w.varint(2, version);
    }
}

package org.nabla.onnx.proto;

import java.util.ArrayList;
import java.util.List;

/** An ONNX model file's top-level message: IR version, imported operator sets, producer, the graph, metadata. */
public record ModelProto(long irVersion, List<OperatorSetIdProto> opsetImport, String producerName, String producerVersion,
                         String domain, long modelVersion, String docString, GraphProto graph,
                         List<StringStringEntryProto> metadataProps) {
    public ModelProto {
        opsetImport = List.copyOf(opsetImport);
        metadataProps = List.copyOf(metadataProps);
    }

    /** Parses a serialized model; malformed bytes throw IllegalArgumentException naming the offset. */
    public static ModelProto parse(byte[] bytes) {
        ProtoReader r = new ProtoReader(bytes);
        long ir = 0, version = 0;
        List<OperatorSetIdProto> opsets = new ArrayList<>();
        List<StringStringEntryProto> meta = new ArrayList<>();
        String producer = "", producerVersion = "", domain = "", doc = "";
        GraphProto graph = null;
        while (r.hasMore()) {
            r.readTag();
            switch (r.field()) {
                case 1 -> { r.expect(ProtoReader.VARINT); ir = r.readVarint(); }
                case 2 -> producer = r.readString();
                case 3 -> producerVersion = r.readString();
                case 4 -> domain = r.readString();
                case 5 -> { r.expect(ProtoReader.VARINT); version = r.readVarint(); }
                case 6 -> doc = r.readString();
                case 7 -> graph = GraphProto.parse(r.readMessage());
                case 8 -> opsets.add(OperatorSetIdProto.parse(r.readMessage()));
                case 14 -> meta.add(StringStringEntryProto.parse(r.readMessage()));
                default -> r.skip();
            }
        }
        return new ModelProto(ir, opsets, producer, producerVersion, domain, version, doc, graph, meta);
    }

    /** The version of the default ("" or "ai.onnx") operator set, or 0 when the model does not import it. */
    public long defaultOpsetVersion() {
        for (OperatorSetIdProto o : opsetImport)
            if (o.domain().isEmpty() || o.domain().equals("ai.onnx")) return o.version();
        return 0;
    }

    public byte[] toByteArray() {
        ProtoWriter w = new ProtoWriter();
        if (irVersion != 0) w.varint(1, irVersion);
        if (!producerName.isEmpty()) w.string(2, producerName);
        if (!producerVersion.isEmpty()) w.string(3, producerVersion);
        if (!domain.isEmpty()) w.string(4, domain);
        if (modelVersion != 0) w.varint(5, modelVersion);
        if (!docString.isEmpty()) w.string(6, docString);
        if (graph != null) w.message(7, graph::write);
        for (OperatorSetIdProto o : opsetImport) w.message(8, o::write);
        for (StringStringEntryProto e : metadataProps) w.message(14, e::write);
        return w.toByteArray();
    }
}

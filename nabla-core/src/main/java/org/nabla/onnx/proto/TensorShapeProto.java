package org.nabla.onnx.proto;

import java.util.ArrayList;
import java.util.List;

/** A tensor's shape in a type: each dimension a known value, a symbolic name, or neither. */
public record TensorShapeProto(List<Dimension> dims) {
    public TensorShapeProto { dims = List.copyOf(dims); }

    /** One dimension: dimValue when known (else null), dimParam a symbolic name ("" when none). */
    public record Dimension(Long dimValue, String dimParam, String denotation) {
        public static Dimension of(long value) { return new Dimension(value, "", ""); }

        public static Dimension named(String param) { return new Dimension(null, param, ""); }

        static Dimension parse(ProtoReader r) {
            Long value = null;
            String param = "", denotation = "";
            while (r.hasMore()) {
                r.readTag();
                switch (r.field()) {
                    case 1 -> { r.expect(ProtoReader.VARINT); value = r.readVarint(); param = ""; }
                    case 2 -> { param = r.readString(); value = null; }
                    case 3 -> denotation = r.readString();
                    default -> r.skip();
                }
            }
            return new Dimension(value, param, denotation);
        }

        void write(ProtoWriter w) {
            if (dimValue != null) w.varint(1, dimValue);
            else if (!dimParam.isEmpty()) w.string(2, dimParam);
            if (!denotation.isEmpty()) w.string(3, denotation);
        }
    }

    static TensorShapeProto parse(ProtoReader r) {
        List<Dimension> dims = new ArrayList<>();
        while (r.hasMore()) {
            r.readTag();
            if (r.field() == 1) dims.add(Dimension.parse(r.readMessage()));
            else r.skip();
        }
        return new TensorShapeProto(dims);
    }

    void write(ProtoWriter w) {
        for (Dimension d : dims) w.message(1, d::write);
    }
}

package org.nabla.onnx.proto;

/**
 * A value's type. Only tensor types are modelled: elemType is a {@link TensorProto} data type and shape is null
 * when the rank is unknown; tensorType is null for the other kinds (sequence, map, optional), whose content is
 * skipped.
 */
public record TypeProto(TensorType tensorType, String denotation) {
    /** A tensor type: element data type and shape (null: unknown rank). */
    public record TensorType(int elemType, TensorShapeProto shape) {
        static TensorType parse(ProtoReader r) {
            int elemType = 0;
            TensorShapeProto shape = null;
            while (r.hasMore()) {
                r.readTag();
                switch (r.field()) {
                    case 1 -> { r.expect(ProtoReader.VARINT); elemType = (int) r.readVarint(); }
                    case 2 -> shape = TensorShapeProto.parse(r.readMessage());
                    default -> r.skip();
                }
            }
            return new TensorType(elemType, shape);
        }

        void write(ProtoWriter w) {
            if (elemType != 0) w.varint(1, elemType);
            if (shape != null) w.message(2, shape::write);
        }
    }

    public static TypeProto tensor(int elemType, TensorShapeProto shape) { return new TypeProto(new TensorType(elemType, shape), ""); }

    static TypeProto parse(ProtoReader r) {
        TensorType tensor = null;
        String denotation = "";
        while (r.hasMore()) {
            r.readTag();
            switch (r.field()) {
                case 1 -> tensor = TensorType.parse(r.readMessage());
                case 6 -> denotation = r.readString();
                default -> r.skip();
            }
        }
        return new TypeProto(tensor, denotation);
    }

    void write(ProtoWriter w) {
        if (tensorType != null) w.message(1, tensorType::write);
        if (!denotation.isEmpty()) w.string(6, denotation);
    }
}

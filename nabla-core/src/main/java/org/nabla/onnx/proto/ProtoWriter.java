package org.nabla.onnx.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Writes the protocol-buffers wire format: each method writes one field (tag, then value). Nested messages are
 * written into a buffer of their own first, so their length prefix is known.
 */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public byte[] toByteArray() { return out.toByteArray(); }

    public ProtoWriter varint(int field, long value) {
        tag(field, ProtoReader.VARINT);
        rawVarint(value);
        return this;
    }

    public ProtoWriter fixed32(int field, int bits) {
        tag(field, ProtoReader.FIXED32);
        rawFixed32(bits);
        return this;
    }

    public ProtoWriter floatValue(int field, float value) { return fixed32(field, Float.floatToRawIntBits(value)); }

    public ProtoWriter fixed64(int field, long bits) {
        tag(field, ProtoReader.FIXED64);
        rawFixed64(bits);
        return this;
    }

    public ProtoWriter bytes(int field, byte[] value) {
        tag(field, ProtoReader.LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    public ProtoWriter string(int field, String value) { return bytes(field, value.getBytes(StandardCharsets.UTF_8)); }

    /** A nested message: body writes its fields into a fresh writer. */
    public ProtoWriter message(int field, Consumer<ProtoWriter> body) {
        ProtoWriter nested = new ProtoWriter();
        body.accept(nested);
        return bytes(field, nested.toByteArray());
    }

    /** A repeated varint field written packed (one length-delimited run). */
    public ProtoWriter packedVarints(int field, long[] values) {
        ProtoWriter body = new ProtoWriter();
        for (long v : values) body.rawVarint(v);
        return bytes(field, body.toByteArray());
    }

    public ProtoWriter packedVarints(int field, int[] values) {
        ProtoWriter body = new ProtoWriter();
        for (int v : values) body.rawVarint(v);
        return bytes(field, body.toByteArray());
    }

    public ProtoWriter packedFloats(int field, float[] values) {
        ProtoWriter body = new ProtoWriter();
        for (float v : values) body.rawFixed32(Float.floatToRawIntBits(v));
        return bytes(field, body.toByteArray());
    }

    public ProtoWriter packedDoubles(int field, double[] values) {
        ProtoWriter body = new ProtoWriter();
        for (double v : values) body.rawFixed64(Double.doubleToRawLongBits(v));
        return bytes(field, body.toByteArray());
    }

    public ProtoWriter packedFixed64(int field, long[] values) {
        ProtoWriter body = new ProtoWriter();
        for (long v : values) body.rawFixed64(v);
        return bytes(field, body.toByteArray());
    }

    private void tag(int field, int wireType) { rawVarint((long) field << 3 | wireType); }

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void rawFixed32(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private void rawFixed64(long v) {
        rawFixed32((int) v);
        rawFixed32((int) (v >>> 32));
    }
}

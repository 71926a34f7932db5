package org.nabla.onnx.proto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the protocol-buffers wire format from a byte array: tags, varints, fixed 32/64-bit values and
 * length-delimited fields (strings, bytes, nested messages, packed repeated scalars). Malformed input throws
 * {@link IllegalArgumentException} naming the byte offset.
 */
public final class ProtoReader {
    public static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int limit;
    private int lastTag;

    public ProtoReader(byte[] buf) { this(buf, 0, buf.length); }

    private ProtoReader(byte[] buf, int from, int limit) {
        this.buf = buf;
        this.pos = from;
        this.limit = limit;
    }

    public boolean hasMore() { return pos < limit; }

    /** Reads the next tag; {@link #field()} and {@link #wireType()} then describe it. */
    public int readTag() {
        long tag = readVarint();
        if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) throw malformed("invalid tag " + tag);
        lastTag = (int) tag;
        int wire = lastTag & 7;
        if (wire != VARINT && wire != FIXED64 && wire != LENGTH_DELIMITED && wire != FIXED32)
            throw malformed("unsupported wire type " + wire + " of field " + (lastTag >>> 3));
        return lastTag;
    }

    public int field() { return lastTag >>> 3; }

    public int wireType() { return lastTag & 7; }

    public long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) throw malformed("truncated varint");
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) return result;
        }
        throw malformed("varint longer than 10 bytes");
    }

    public int readFixed32() {
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    public long readFixed64() {
        long lo = readFixed32() & 0xFFFFFFFFL, hi = readFixed32() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    public float readFloat() { return Float.intBitsToFloat(readFixed32()); }

    public double readDouble() { return Double.longBitsToDouble(readFixed64()); }

    public byte[] readBytes() {
        int n = length();
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    public String readString() {
        int n = length();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** A reader over the nested message that follows (its bytes are not copied). */
    public ProtoReader readMessage() {
        int n = length();
        ProtoReader sub = new ProtoReader(buf, pos, pos + n);
        pos += n;
        return sub;
    }

    /** Appends a repeated varint field's values, packed or not, as the wire type of the last tag says. */
    public void readVarints(LongList into) {
        if (wireType() == LENGTH_DELIMITED) {
            ProtoReader packed = readMessage();
            while (packed.hasMore()) into.add(packed.readVarint());
        } else {
            expect(VARINT);
            into.add(readVarint());
        }
    }

    /** Appends a repeated float field's values (fixed32), packed or not. */
    public void readFloats(LongList into) {
        if (wireType() == LENGTH_DELIMITED) {
            ProtoReader packed = readMessage();
            while (packed.hasMore()) into.add(packed.readFixed32());
        } else {
            expect(FIXED32);
            into.add(readFixed32());
        }
    }

    /** Appends a repeated double or fixed64 field's values, packed or not. */
    public void readFixed64s(LongList into) {
        if (wireType() == LENGTH_DELIMITED) {
            ProtoReader packed = readMessage();
            while (packed.hasMore()) into.add(packed.readFixed64());
        } else {
            expect(FIXED64);
            into.add(readFixed64());
        }
    }

    /** Checks the last tag's wire type (a field of the wrong type is malformed input). */
    public void expect(int wireType) {
        if (wireType() != wireType) throw malformed("field " + field() + " has wire type " + wireType() + ", expected " + wireType);
    }

    /** Skips the value of the last tag (an unknown field). */
    public void skip() {
        switch (wireType()) {
            case VARINT -> readVarint();
            case FIXED64 -> { need(8); pos += 8; }
            case FIXED32 -> { need(4); pos += 4; }
            case LENGTH_DELIMITED -> {
                int n = length(); // before pos is read: length() moves it past the prefix
                pos += n;
            }
            default -> throw malformed("unsupported wire type " + wireType());
        }
    }

    private int length() {
        expect(LENGTH_DELIMITED);
        long n = readVarint();
        if (n < 0 || n > limit - pos) throw malformed("length " + n + " runs past the end of its message");
        return (int) n;
    }

    private void need(int n) {
        if (limit - pos < n) throw malformed("truncated fixed-width value");
    }

    private IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed protobuf at byte " + pos + ": " + why);
    }
}

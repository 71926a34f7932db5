package org.nabla.onnx.proto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor value (an initializer, a Constant's value, a test input or output): dims, element data type, name, and
 * the values in rawData (little-endian, the usual form) or in the typed field the data type selects (floatData for
 * FLOAT; int32Data for INT32, INT16, INT8, UINT16, UINT8, BOOL and FLOAT16's bits; int64Data for INT64; doubleData for
 * DOUBLE; uint64Data for UINT32 and UINT64; stringData for STRING). Empty arrays stand for absent fields.
 * dataLocation 1 (EXTERNAL) means the values are in another file, named by externalData.
 */
public record TensorProto(long[] dims, int dataType, String name, String docString, byte[] rawData, float[] floatData,
                          int[] int32Data, long[] int64Data, double[] doubleData, long[] uint64Data, List<byte[]> stringData,
                          int dataLocation, List<StringStringEntryProto> externalData) {
    public static final int UNDEFINED = 0, FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7,
            STRING = 8, BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, COMPLEX64 = 14, COMPLEX128 = 15,
            BFLOAT16 = 16;
    public static final int EXTERNAL = 1;

    public TensorProto {
        stringData = List.copyOf(stringData);
        externalData = List.copyOf(externalData);
    }

    /** A tensor whose values are little-endian bytes. */
    public static TensorProto raw(String name, int dataType, long[] dims, byte[] rawData) {
        return new TensorProto(dims, dataType, name, "", rawData, new float[0], new int[0], new long[0], new double[0], new long[0],
                List.of(), 0, List.of());
    }

    /** The element type's name as onnx.proto spells it. */
    public static String typeName(int dataType) {
        String[] names = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL",
                "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};
        return dataType >= 0 && dataType < names.length ? names[dataType] : "type " + dataType;
    }

    public long elementCount() {
        long n = 1;
        for (long d : dims) n *= d;
        return n;
    }

    public static TensorProto parse(byte[] bytes) { return parse(new ProtoReader(bytes)); }

    static TensorProto parse(ProtoReader r) {
        LongList dims = new LongList(), floats = new LongList(), int32s = new LongList(), int64s = new LongList(),
                doubles = new LongList(), uint64s = new LongList();
        List<byte[]> strings = new ArrayList<>();
        List<StringStringEntryProto> external = new ArrayList<>();
        int dataType = 0, location = 0;
        String name = "", doc = "";
        byte[] raw = new byte[0];
        while (r.hasMore()) {
            r.readTag();
            switch (r.field()) {
                case 1 -> r.readVarints(dims);
                case 2 -> { r.expect(ProtoReader.VARINT); dataType = (int) r.readVarint(); }
                case 4 -> r.readFloats(floats);
                case 5 -> r.readVarints(int32s);
                case 6 -> strings.add(r.readBytes());
                case 7 -> r.readVarints(int64s);
                case 8 -> name = r.readString();
                case 9 -> raw = r.readBytes();
                case 10 -> r.readFixed64s(doubles);
                case 11 -> r.readVarints(uint64s);
                case 12 -> doc = r.readString();
                case 13 -> external.add(StringStringEntryProto.parse(r.readMessage()));
                case 14 -> { r.expect(ProtoReader.VARINT); location = (int) r.readVarint(); }
                default -> r.skip();
            }
        }
        return new TensorProto(dims.toArray(), dataType, name, doc, raw, floats.toFloatArray(), int32s.toIntArray(),
                int64s.toArray(), doubles.toDoubleArray(), uint64s.toArray(), strings, location, external);
    }

    public byte[] toByteArray() {
        ProtoWriter w = new ProtoWriter();
        write(w);
        return w.toByteArray();
    }

    void write(ProtoWriter w) {
        for (long d : dims) w.varint(1, d);
        if (dataType != 0) w.varint(2, dataType);
        if (floatData.length > 0) w.packedFloats(4, floatData);
        if (int32Data.length > 0) w.packedVarints(5, int32Data);
        for (byte[] s : stringData) w.bytes(6, s);
        if (int64Data.length > 0) w.packedVarints(7, int64Data);
        if (!name.isEmpty()) w.string(8, name);
        if (rawData.length > 0) w.bytes(9, rawData);
        if (doubleData.length > 0) w.packedDoubles(10, doubleData);
        if (uint64Data.length > 0) w.packedVarints(11, uint64Data);
        if (!docString.isEmpty()) w.string(12, docString);
        for (StringStringEntryProto e : externalData) w.message(13, e::write);
        if (dataLocation != 0) w.varint(14, dataLocation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorProto t && Arrays.equals(dims, t.dims) && dataType == t.dataType && name.equals(t.name)
                && docString.equals(t.docString) && Arrays.equals(rawData, t.rawData) && Arrays.equals(floatData, t.floatData)
                && Arrays.equals(int32Data, t.int32Data) && Arrays.equals(int64Data, t.int64Data)
                && Arrays.equals(doubleData, t.doubleData) && Arrays.equals(uint64Data, t.uint64Data)
                && Arrays.deepEquals(stringData.toArray(), t.stringData.toArray()) && dataLocation == t.dataLocation
                && externalData.equals(t.externalData);
    }

    @Override
    public int hashCode() { return 31 * (31 * Arrays.hashCode(dims) + dataType) + name.hashCode(); }

    @Override
    public String toString() { return "TensorProto[" + name + ": " + typeName(dataType) + " " + Arrays.toString(dims) + "]"; }
}

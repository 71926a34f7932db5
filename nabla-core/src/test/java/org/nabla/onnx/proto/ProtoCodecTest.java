package org.nabla.onnx.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoCodecTest {
    static final Path TESTDATA = Path.of("/usr/share/libonnx-testdata/data");

    @Test
    void varintsAndFixedValuesRoundTrip() {
        long[] values = {0, 1, 127, 128, 300, Integer.MAX_VALUE, -1, -2, Long.MIN_VALUE, Long.MAX_VALUE};
        ProtoWriter w = new ProtoWriter();
        for (long v : values) w.varint(3, v);
        w.fixed32(4, 0xDEADBEEF).fixed64(5, 0x0123456789ABCDEFL).string(6, "héllo");
        ProtoReader r = new ProtoReader(w.toByteArray());
        for (long v : values) {
            r.readTag();
            assertEquals(3, r.field());
            assertEquals(ProtoReader.VARINT, r.wireType());
            assertEquals(v, r.readVarint());
        }
        r.readTag();
        assertEquals(0xDEADBEEF, r.readFixed32());
        r.readTag();
        assertEquals(0x0123456789ABCDEFL, r.readFixed64());
        r.readTag();
        assertEquals("héllo", r.readString());
        assertTrue(!r.hasMore());
    }

    @Test
    void negativeVarintTakesTenBytesAsProtobufWritesIt() {
        // protobuf writes a negative int32/int64 sign-extended: 10 bytes after the tag.
        assertEquals(11, new ProtoWriter().varint(1, -1).toByteArray().length);
        assertEquals(2, new ProtoWriter().varint(1, 1).toByteArray().length);
    }

    @Test
    void repeatedScalarsReadPackedAndUnpacked() {
        ProtoWriter w = new ProtoWriter().packedVarints(1, new long[] {1, 2}).varint(1, 3).packedFloats(4, new float[] {1.5f}).floatValue(4, -2f);
        TensorProto t = TensorProto.parse(w.toByteArray());
        assertArrayEquals(new long[] {1, 2, 3}, t.dims());
        assertArrayEquals(new float[] {1.5f, -2f}, t.floatData());
    }

    @Test
    void unknownFieldsAreSkipped() {
        ProtoWriter w = new ProtoWriter().varint(99, 7).fixed64(98, 1).fixed32(97, 2).string(96, "x").string(8, "kept");
        assertEquals("kept", TensorProto.parse(w.toByteArray()).name());
    }

    @Test
    void malformedInputNamesTheOffset() {
        byte[] truncated = {(byte) 0x0A, (byte) 0x05, 'a'}; // field 1, length 5, one byte
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelProto.parse(truncated));
        assertTrue(e.getMessage().startsWith("malformed protobuf at byte "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelProto.parse(new byte[] {(byte) 0x80}));
        assertThrows(IllegalArgumentException.class, () -> ModelProto.parse(new byte[] {(byte) 0x0F})); // wire type 7
    }

    @Test
    void modelWrittenThenParsedIsEqual() {
        TensorProto weight = new TensorProto(new long[] {2, 2}, TensorProto.FLOAT, "fc.weight", "", new byte[0],
                new float[] {1, 2, 3, 4}, new int[0], new long[0], new double[0], new long[0], List.of(), 0, List.of());
        TensorProto shape = TensorProto.raw("shape", TensorProto.INT64, new long[] {2}, new byte[16]);
        NodeProto gemm = new NodeProto(List.of("x", "fc.weight"), List.of("y"), "fc", "Gemm", "",
                List.of(AttributeProto.ofInt("transB", 1), AttributeProto.ofFloat("alpha", 0.5f), AttributeProto.ofInts("pads", 0, -1, 2),
                        AttributeProto.ofFloats("scales", 1f, 2f), AttributeProto.ofString("auto_pad", "SAME_UPPER"),
                        AttributeProto.ofTensor("value", shape)), "doc");
        TypeProto type = TypeProto.tensor(TensorProto.FLOAT,
                new TensorShapeProto(List.of(TensorShapeProto.Dimension.named("N"), TensorShapeProto.Dimension.of(2))));
        GraphProto graph = new GraphProto(List.of(gemm), "g", List.of(weight, shape), "",
                List.of(new ValueInfoProto("x", type, "")), List.of(new ValueInfoProto("y", type, "")), List.of());
        ModelProto model = new ModelProto(8, List.of(new OperatorSetIdProto("", 13)), "nabla", "1", "", 0, "", graph,
                List.of(new StringStringEntryProto("k", "v")));
        ModelProto back = ModelProto.parse(model.toByteArray());
        assertEquals(model, back);
        assertEquals(13, back.defaultOpsetVersion());
    }

    @Test
    void testDataModelsRoundTrip() throws IOException {
        assumeTrue(Files.isDirectory(TESTDATA), "libonnx-testdata is not installed");
        for (String name : List.of("pytorch-converted/test_Conv2d", "node/test_gemm_default_scalar_bias", "simple/test_single_relu_model")) {
            Path dir = TESTDATA.resolve(name);
            byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
            ModelProto model = ModelProto.parse(bytes);
            assertTrue(model.irVersion() > 0 && model.graph() != null && !model.graph().node().isEmpty(), name);
            ModelProto back = ModelProto.parse(model.toByteArray());
            assertEquals(model, back, name);
            byte[] input = Files.readAllBytes(dir.resolve("test_data_set_0/input_0.pb"));
            TensorProto t = TensorProto.parse(input);
            assertEquals(t, TensorProto.parse(t.toByteArray()), name);
        }
        ModelProto relu = ModelProto.parse(Files.readAllBytes(TESTDATA.resolve("simple/test_single_relu_model/model.onnx")));
        assertEquals("Relu", relu.graph().node().getFirst().opType());
        assertEquals(List.of("x"), relu.graph().node().getFirst().input());
    }
}

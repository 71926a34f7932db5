package org.nabla.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.autograd.GradMode;
import org.nabla.models.Models;
import org.nabla.nn.Sequential;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class SafeTensorsTest {
    @TempDir Path dir;

    @Test
    void roundTripsEveryDtypeShapeAndMetadata() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("w", Tensor.of(new float[] {1.5f, -2f, Float.NaN, Float.MIN_VALUE, 3e38f, -0f}, 2, 3));
        in.put("d", Tensor.of(new double[] {1.0 / 3, -1e-300}, 2));
        in.put("l", Tensor.of(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3, 1));
        in.put("i", Tensor.of(new int[] {-7, 123456}, 1, 2));
        in.put("s", Tensor.scalar(2.5));
        in.put("empty", Tensor.zeros(0, 3));
        in.put("t", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t()); // non-contiguous: written row-major
        Path file = dir.resolve("all.safetensors");
        SafeTensors.save(file, in, Map.of("k", "vålue"));
        SafeTensors.Contents back = SafeTensors.read(file);
        assertThat(back.metadata()).containsExactly(Map.entry("k", "vålue"));
        assertThat(back.tensors().keySet()).containsExactlyInAnyOrderElementsOf(in.keySet());
        for (var e : in.entrySet()) {
            Tensor b = back.tensors().get(e.getKey());
            assertThat(b.dtype()).as(e.getKey()).isEqualTo(e.getValue().dtype());
            assertThat(b.shape()).as(e.getKey()).isEqualTo(e.getValue().shape());
            assertThat(b.toDoubleArray()).as(e.getKey()).isEqualTo(e.getValue().toDoubleArray());
        }
        assertThat(back.tensors().get("t").toFloatArray()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(back.tensors().get("w").toFloatArray()[5]).isEqualTo(-0f); // bits, not just value
        assertThat(Float.floatToRawIntBits(back.tensors().get("w").toFloatArray()[5])).isEqualTo(0x80000000);
    }

    @Test
    void writesTheReferenceLayout() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("b", Tensor.of(new float[] {1}, 1));
        in.put("a", Tensor.of(new float[] {2}, 1));
        in.put("c", Tensor.of(new int[] {3}, 1));
        in.put("z", Tensor.of(new long[] {4}, 1));
        byte[] bytes = SafeTensors.toBytes(in, Map.of());
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        // Widest dtype first (I64 > F32 > I32 in the reference's Dtype order), then by name; padded with spaces.
        assertThat(header.stripTrailing()).isEqualTo("{\"z\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]},"
                + "\"c\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[16,20]}}");
        assertThat(header.substring(header.stripTrailing().length())).matches(" *");
        assertThat(bytes.length).isEqualTo(8 + n + 20);
    }

    @Test
    void lenet5StateDictRoundTripsThroughAFile() {
        Sequential a = Models.lenet5(new Generator(1)), b = Models.lenet5(new Generator(2));
        Path file = dir.resolve("lenet5.safetensors");
        SafeTensors.save(file, a.stateDict());
        b.loadStateDict(SafeTensors.load(file), true);
        Tensor x = Tensor.rand(new Generator(3), 2, 1, 28, 28);
        try (var s = GradMode.noGrad()) {
            assertThat(b.call(x).toFloatArray()).isEqualTo(a.call(x).toFloatArray());
        }
        assertThat(SafeTensors.load(file).keySet()).containsExactlyInAnyOrderElementsOf(a.stateDict().keySet());
    }

    @Test
    void readsHalfPrecisionIntoFloat32() {
        // 1.0 and -2.5 as F16 (0x3C00, 0xC100) and 3.0 as BF16 (0x4040).
        byte[] f16 = file(header("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[4,6]}}"),
                new byte[] {0x00, 0x3C, 0x00, (byte) 0xC1, 0x40, 0x40});
        var t = SafeTensors.fromBytes(f16, "half").tensors();
        assertThat(t.get("h").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(t.get("h").toFloatArray()).containsExactly(1f, -2.5f);
        assertThat(t.get("b").shape()).isEmpty();
        assertThat(t.get("b").item()).isEqualTo(3.0);
    }

    @Test
    void refusesMalformedFilesWithTheNameAndTheReason() {
        String ok = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        byte[] data8 = new byte[8];
        assertRefused(new byte[5], "shorter than the 8-byte header length");
        byte[] beyond = new byte[16];
        ByteBuffer.wrap(beyond).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        assertRefused(beyond, "header length 1000 is beyond the end of the file");
        byte[] huge = new byte[16];
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1);
        assertRefused(huge, "beyond the limit");
        assertRefused(file(header("{" + ok), data8), "malformed JSON header");
        assertRefused(file(header("[1]"), data8), "does not start with '{'");
        assertRefused(file(header("{\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]}}"), data8), "tensor 'a': unsupported dtype 'U8'");
        assertRefused(file(header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}"), data8), "beyond the 8 data bytes");
        assertRefused(file(header("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}"), data8), "shape [3] of F32 needs 12 bytes");
        assertRefused(file(header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}"), data8),
                "(overlap)");
        assertRefused(file(header("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}"), data8), "(gap)");
        assertRefused(file(header("{" + ok + "}"), new byte[12]), "cover 8 of the 12 data bytes (trailing data)");
        assertRefused(file(header("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}"), data8), "non-negative integers");
        assertRefused(file(header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}"), data8), "end before they begin");
        assertRefused(file(header("{\"__metadata__\":{\"x\":1}," + ok + "}"), data8), "__metadata__ value of 'x' is not a string");
        assertThatThrownBy(() -> SafeTensors.toBytes(Map.of("__metadata__", Tensor.zeros(1)), Map.of())).hasMessageContaining("reserved");
    }

    @Test
    void aTruncatedFileOnDiskIsRefusedWithItsPath() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        SafeTensors.save(file, Map.of("w", Tensor.ones(10, 10)));
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 7));
        assertThatThrownBy(() -> SafeTensors.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("truncated?");
        Path missing = dir.resolve("missing.safetensors");
        assertThatThrownBy(() -> SafeTensors.load(missing)).hasMessage("SafeTensors: " + missing + ": no such file");
        assertThat(SafeTensors.fromBytes(all, "x").tensors().get("w").toFloatArray()).containsOnly(1f);
    }

    private static void assertRefused(byte[] bytes, String reason) {
        assertThatThrownBy(() -> SafeTensors.fromBytes(bytes, "bad.safetensors")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SafeTensors: bad.safetensors: ").hasMessageContaining(reason);
    }

    private static byte[] header(String json) { return json.getBytes(StandardCharsets.UTF_8); }

    private static byte[] file(byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(data);
        return b.array();
    }

}

package org.nabla.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * The safetensors format (huggingface/safetensors), so weights move between Nabla and PyTorch: an 8-byte
 * little-endian header length N, N bytes of UTF-8 JSON
 * {@code {"__metadata__": {str: str}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...}},
 * then the raw little-endian tensor bytes, offsets counted from the end of the header.
 *
 * <p>Writing follows the reference (Rust) serializer byte for byte: tensors ordered by dtype (widest first, in the
 * order of its {@code Dtype} enum) then by name, compact JSON with {@code __metadata__} first, the header padded with
 * spaces to a multiple of 8 bytes. Reading validates like the reference: the header must fit in the file and be a
 * JSON object, each dtype known, each shape matching its byte range, and the ranges must tile the data exactly (no
 * gap, no overlap, nothing left over). F16 and BF16 are read into float32; Nabla writes F64, F32, I64 and I32.
 */
public final class SafeTensors {
    /** The reference implementation refuses headers above 100 MB; so do we. */
    public static final long MAX_HEADER = 100_000_000L;

    private static final String METADATA = "__metadata__";

    private SafeTensors() {}

    /** The tensors of a file, in data order, and its free-form string metadata (empty when it has none). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** The dtypes Nabla reads: name, bytes per element, rank in the reference's Dtype enum (for write order). */
    private enum Kind {
        F16(2, 11), BF16(2, 12), I32(4, 13), F32(4, 15), F64(8, 16), I64(8, 17);

        final int size, rank;

        Kind(int size, int rank) {
            this.size = size;
            this.rank = rank;
        }

        static Kind of(DType d) {
            return switch (d) {
                case FLOAT32 -> F32;
                case FLOAT64 -> F64;
                case INT32 -> I32;
                case INT64 -> I64;
            };
        }
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code tensors} to {@code file} atomically (see {@link AtomicFiles}). */
    public static void save(Path file, Map<String, Tensor> tensors) { save(file, tensors, Map.of()); }

    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        byte[] bytes = toBytes(tensors, metadata);
        AtomicFiles.write(file, bytes);
    }

    /** The complete file content. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>(tensors.entrySet());
        for (var e : entries) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("SafeTensors: '" + METADATA + "' is reserved and cannot name a tensor");
            if (e.getValue() == null) throw new IllegalArgumentException("SafeTensors: tensor '" + e.getKey() + "' is null");
        }
        // The Rust serializer's order: dtype descending, then name (String order = byte order for these keys).
        entries.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -Kind.of(e.getValue().dtype()).rank)
                .thenComparing(Map.Entry::getKey, SafeTensors::compareUtf8));
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) header.put(METADATA, new LinkedHashMap<>(metadata));
        long offset = 0;
        for (var e : entries) {
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().byteSize();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", Kind.of(t.dtype()).name());
            List<Object> shape = new ArrayList<>();
            for (int s : t.shape()) shape.add((long) s);
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("SafeTensors: " + total + " bytes exceed the 2 GiB a Java array holds");
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) buf.put((byte) ' ');
        for (var e : entries) putData(buf, e.getValue());
        return buf.array();
    }

    private static void putData(ByteBuffer buf, Tensor t) {
        int n = t.numel();
        switch (t.dtype()) {
            case FLOAT32 -> buf.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> buf.asDoubleBuffer().put(t.toDoubleArray());
            case INT32 -> buf.asIntBuffer().put(t.toIntArray());
            case INT64 -> buf.asLongBuffer().put(t.toLongArray());
        }
        buf.position(buf.position() + n * t.dtype().byteSize());
    }

    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- reading

    /** The tensors of {@code file}, in data order. */
    public static Map<String, Tensor> load(Path file) { return read(file).tensors(); }

    /** Reads and validates {@code file}; a malformed file is refused with its name and the reason. */
    public static Contents read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw bad(file.toString(), "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("SafeTensors: cannot read " + file + ": " + e, e);
        }
        if (size > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("SafeTensors: " + file + ": " + size + " bytes exceed the 2 GiB Nabla reads");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("SafeTensors: cannot read " + file + ": " + e, e);
        }
        return fromBytes(bytes, file.toString());
    }

    /** Parses a whole file held in memory; {@code source} names it in errors. */
    @SuppressWarnings("unchecked")
    public static Contents fromBytes(byte[] bytes, String source) {
        if (bytes.length < 8) throw bad(source, "file of " + bytes.length + " bytes is shorter than the 8-byte header length");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 0 || n > MAX_HEADER) throw bad(source, "header length " + Long.toUnsignedString(n) + " is beyond the limit of " + MAX_HEADER + " bytes");
        if (8 + n > bytes.length) throw bad(source, "header length " + n + " is beyond the end of the file (" + bytes.length + " bytes; truncated?)");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw bad(source, "header is not valid UTF-8");
        }
        if (!text.startsWith("{")) throw bad(source, "header does not start with '{'");
        Map<String, Object> header;
        try {
            header = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw bad(source, "malformed JSON header: " + e.getMessage());
        }
        long dataStart = 8 + n, dataLength = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        record Entry(String name, Kind kind, int[] shape, long begin, long end) {}
        List<Entry> entries = new ArrayList<>();
        for (var e : header.entrySet()) {
            String name = e.getKey();
            if (name.equals(METADATA)) {
                if (!(e.getValue() instanceof Map<?, ?> m)) throw bad(source, METADATA + " must be an object of strings");
                for (var me : m.entrySet()) {
                    if (!(me.getValue() instanceof String s)) throw bad(source, METADATA + " value of '" + me.getKey() + "' is not a string");
                    metadata.put((String) me.getKey(), s);
                }
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> raw)) throw bad(source, "tensor '" + name + "': entry is not an object");
            Map<String, Object> info = (Map<String, Object>) raw;
            if (!(info.get("dtype") instanceof String dt)) throw bad(source, "tensor '" + name + "': missing dtype");
            Kind kind;
            try {
                kind = Kind.valueOf(dt);
            } catch (IllegalArgumentException x) {
                throw bad(source, "tensor '" + name + "': unsupported dtype '" + dt + "' (Nabla reads F64, F32, F16, BF16, I64, I32)");
            }
            int[] shape = intList(source, name, "shape", info.get("shape"), -1);
            long[] off = longPair(source, name, info.get("data_offsets"));
            long numel = 1;
            for (int s : shape) {
                numel *= s;
                if (numel > Integer.MAX_VALUE) throw bad(source, "tensor '" + name + "': shape " + Arrays.toString(shape) + " is too large");
            }
            if (off[0] > off[1]) throw bad(source, "tensor '" + name + "': data_offsets [" + off[0] + ", " + off[1] + "] end before they begin");
            if (off[1] > dataLength)
                throw bad(source, "tensor '" + name + "': data_offsets [" + off[0] + ", " + off[1] + "] are beyond the " + dataLength + " data bytes (truncated?)");
            if (numel * kind.size != off[1] - off[0])
                throw bad(source, "tensor '" + name + "': shape " + Arrays.toString(shape) + " of " + kind + " needs " + numel * kind.size
                        + " bytes but data_offsets [" + off[0] + ", " + off[1] + "] hold " + (off[1] - off[0]));
            entries.add(new Entry(name, kind, shape, off[0], off[1]));
        }
        // The ranges must tile [0, dataLength): sorted by begin, each starts where the previous ended.
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        String previous = null;
        for (Entry e : entries) {
            if (e.begin != expected)
                throw bad(source, "tensor '" + e.name + "': data_offsets begin at " + e.begin + " but "
                        + (previous == null ? "the data starts at 0" : "'" + previous + "' ends at " + expected)
                        + (e.begin < expected ? " (overlap)" : " (gap)"));
            expected = e.end;
            previous = e.name;
        }
        if (expected != dataLength) throw bad(source, "the tensors cover " + expected + " of the " + dataLength + " data bytes (trailing data)");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) tensors.put(e.name, decode(buf, (int) (dataStart + e.begin), e.kind, e.shape));
        return new Contents(tensors, metadata);
    }

    private static Tensor decode(ByteBuffer all, int start, Kind kind, int[] shape) {
        int numel = 1;
        for (int s : shape) numel *= s;
        ByteBuffer b = all.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(start).slice().order(ByteOrder.LITTLE_ENDIAN);
        return switch (kind) {
            case F32 -> {
                float[] d = new float[numel];
                b.asFloatBuffer().get(d);
                yield Tensor.of(d, shape);
            }
            case F64 -> {
                double[] d = new double[numel];
                b.asDoubleBuffer().get(d);
                yield Tensor.of(d, shape);
            }
            case I32 -> {
                int[] d = new int[numel];
                b.asIntBuffer().get(d);
                yield Tensor.of(d, shape);
            }
            case I64 -> {
                long[] d = new long[numel];
                b.asLongBuffer().get(d);
                yield Tensor.of(d, shape);
            }
            case F16 -> {
                float[] d = new float[numel];
                for (int i = 0; i < numel; i++) d[i] = Float.float16ToFloat(b.getShort(2 * i));
                yield Tensor.of(d, shape);
            }
            case BF16 -> {
                float[] d = new float[numel];
                // bfloat16 is the top half of a float32.
                for (int i = 0; i < numel; i++) d[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                yield Tensor.of(d, shape);
            }
        };
    }

    private static int[] intList(String source, String name, String field, Object value, int length) {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length))
            throw bad(source, "tensor '" + name + "': " + field + " must be a list of " + (length >= 0 ? length + " " : "") + "non-negative integers");
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Double d) || d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE)
                throw bad(source, "tensor '" + name + "': " + field + " must hold non-negative integers, got " + list);
            out[i] = (int) (double) d;
        }
        return out;
    }

    private static long[] longPair(String source, String name, Object value) {
        if (!(value instanceof List<?> list) || list.size() != 2)
            throw bad(source, "tensor '" + name + "': data_offsets must be a list [begin, end]");
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            if (!(list.get(i) instanceof Double d) || d != Math.rint(d) || d < 0 || d > 0x1p53)
                throw bad(source, "tensor '" + name + "': data_offsets must hold non-negative integers, got " + list);
            out[i] = (long) (double) d;
        }
        return out;
    }

    private static IllegalArgumentException bad(String source, String why) {
        return new IllegalArgumentException("SafeTensors: " + source + ": " + why);
    }
}

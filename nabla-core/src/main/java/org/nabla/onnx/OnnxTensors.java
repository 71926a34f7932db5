package org.nabla.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nabla.onnx.proto.TensorProto;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * Converts between ONNX {@link TensorProto}s and Nabla tensors. FLOAT, FLOAT16 and BFLOAT16 become float32, DOUBLE
 * float64, INT64 and UINT32 int64, the narrower integers and BOOL int32 (Nabla has no bool or 8/16-bit types);
 * strings and complex numbers are refused.
 */
public final class OnnxTensors {
    private OnnxTensors() {}

    /** The tensor's values as a Nabla tensor of the dtype the class comment gives. */
    public static Tensor toTensor(TensorProto t) {
        if (t.dataLocation() == TensorProto.EXTERNAL)
            throw new UnsupportedOnnxException("tensor '" + t.name() + "' keeps its values in an external file, which is not supported");
        int[] shape = new int[t.dims().length];
        for (int i = 0; i < shape.length; i++) {
            if (t.dims()[i] < 0 || t.dims()[i] > Integer.MAX_VALUE)
                throw new IllegalArgumentException("tensor '" + t.name() + "' has an invalid dimension " + t.dims()[i]);
            shape[i] = (int) t.dims()[i];
        }
        long count = t.elementCount();
        if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor '" + t.name() + "' has too many elements: " + count);
        int n = (int) count;
        boolean raw = t.rawData().length > 0 || n == 0;
        ByteBuffer bytes = ByteBuffer.wrap(t.rawData()).order(ByteOrder.LITTLE_ENDIAN);
        return switch (t.dataType()) {
            case TensorProto.FLOAT -> {
                float[] v = raw ? new float[checked(t, n, 4)] : t.floatData();
                if (raw) bytes.asFloatBuffer().get(v);
                checkCount(t, v.length, n);
                yield Tensor.of(v, shape);
            }
            case TensorProto.DOUBLE -> {
                double[] v = raw ? new double[checked(t, n, 8)] : t.doubleData();
                if (raw) bytes.asDoubleBuffer().get(v);
                checkCount(t, v.length, n);
                yield Tensor.of(v, shape);
            }
            case TensorProto.INT64 -> {
                long[] v = raw ? new long[checked(t, n, 8)] : t.int64Data();
                if (raw) bytes.asLongBuffer().get(v);
                checkCount(t, v.length, n);
                yield Tensor.of(v, shape);
            }
            case TensorProto.UINT32 -> {
                long[] v = new long[n];
                if (raw) { checked(t, n, 4); for (int i = 0; i < n; i++) v[i] = bytes.getInt(4 * i) & 0xFFFFFFFFL; }
                else { checkCount(t, t.uint64Data().length, n); v = t.uint64Data(); }
                yield Tensor.of(v, shape);
            }
            case TensorProto.INT32, TensorProto.INT16, TensorProto.UINT16, TensorProto.INT8, TensorProto.UINT8, TensorProto.BOOL -> {
                int width = switch (t.dataType()) { case TensorProto.INT32 -> 4; case TensorProto.INT16, TensorProto.UINT16 -> 2; default -> 1; };
                int[] v = new int[n];
                if (raw) {
                    checked(t, n, width);
                    for (int i = 0; i < n; i++)
                        v[i] = switch (t.dataType()) {
                            case TensorProto.INT32 -> bytes.getInt(4 * i);
                            case TensorProto.INT16 -> bytes.getShort(2 * i);
                            case TensorProto.UINT16 -> bytes.getShort(2 * i) & 0xFFFF;
                            case TensorProto.INT8 -> bytes.get(i);
                            default -> bytes.get(i) & 0xFF;
                        };
                } else {
                    checkCount(t, t.int32Data().length, n);
                    v = t.int32Data();
                }
                yield Tensor.of(v, shape);
            }
            case TensorProto.FLOAT16, TensorProto.BFLOAT16 -> {
                float[] v = new float[n];
                if (raw) checked(t, n, 2);
                else checkCount(t, t.int32Data().length, n);
                for (int i = 0; i < n; i++) {
                    int bits = raw ? bytes.getShort(2 * i) & 0xFFFF : t.int32Data()[i] & 0xFFFF;
                    v[i] = t.dataType() == TensorProto.FLOAT16 ? Float.float16ToFloat((short) bits) : Float.intBitsToFloat(bits << 16);
                }
                yield Tensor.of(v, shape);
            }
            default -> throw new UnsupportedOnnxException("tensor '" + t.name() + "' has element type " + TensorProto.typeName(t.dataType())
                    + ", which Nabla cannot hold");
        };
    }

    /** The tensor as a TensorProto with little-endian raw data (float32, float64, int64 or int32). */
    public static TensorProto toProto(String name, Tensor x) {
        int[] shape = x.shape();
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) dims[i] = shape[i];
        int n = x.numel();
        ByteBuffer b;
        int type;
        switch (x.dtype()) {
            case FLOAT32 -> { b = buffer(4 * n); b.asFloatBuffer().put(x.toFloatArray()); type = TensorProto.FLOAT; }
            case FLOAT64 -> { b = buffer(8 * n); b.asDoubleBuffer().put(x.toDoubleArray()); type = TensorProto.DOUBLE; }
            case INT64 -> { b = buffer(8 * n); b.asLongBuffer().put(x.toLongArray()); type = TensorProto.INT64; }
            case INT32 -> { b = buffer(4 * n); b.asIntBuffer().put(x.toIntArray()); type = TensorProto.INT32; }
            default -> throw new IllegalArgumentException("onnx: no ONNX type for " + x.dtype());
        }
        return TensorProto.raw(name, type, dims, b.array());
    }

    /** The ONNX element type of a Nabla dtype. */
    public static int onnxType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> TensorProto.FLOAT;
            case FLOAT64 -> TensorProto.DOUBLE;
            case INT64 -> TensorProto.INT64;
            case INT32 -> TensorProto.INT32;
        };
    }

    /** The Nabla dtype an ONNX element type is held in (see the class comment). */
    public static DType nablaType(int onnxType) {
        return switch (onnxType) {
            case TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.BFLOAT16 -> DType.FLOAT32;
            case TensorProto.DOUBLE -> DType.FLOAT64;
            case TensorProto.INT64, TensorProto.UINT32 -> DType.INT64;
            case TensorProto.INT32, TensorProto.INT16, TensorProto.UINT16, TensorProto.INT8, TensorProto.UINT8, TensorProto.BOOL -> DType.INT32;
            default -> throw new UnsupportedOnnxException("element type " + TensorProto.typeName(onnxType) + " is not supported");
        };
    }

    private static ByteBuffer buffer(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

    private static int checked(TensorProto t, int n, int width) {
        if ((long) n * width != t.rawData().length)
            throw new IllegalArgumentException("tensor '" + t.name() + "' has " + t.rawData().length + " bytes of raw data for " + n
                    + " elements of " + TensorProto.typeName(t.dataType()));
        return n;
    }

    private static void checkCount(TensorProto t, int got, int n) {
        if (got != n)
            throw new IllegalArgumentException("tensor '" + t.name() + "' holds " + got + " values for " + n + " elements");
    }
}

package org.nabla.spark.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.nabla.nn.Module;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/** A replica's weights as one SHA-256: equal digests are bit-identical replicas. */
public final class WeightsDigest {
    private WeightsDigest() {}

    /** SHA-256 of a model's state dict (names, then the float bits of each tensor), in state-dict order. */
    public static String of(Module model) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                Tensor t = e.getValue();
                if (t.dtype() == DType.FLOAT32) {
                    float[] v = t.toFloatArray();
                    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(v);
                    sha.update(b.array());
                } else {
                    sha.update(java.util.Arrays.toString(t.toDoubleArray()).getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

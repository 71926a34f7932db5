package org.nabla.spark.allreduce;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.apache.spark.BarrierTaskContext;

/**
 * All-reduce through {@link BarrierTaskContext#allGather}: every task sends its whole gradient (Base64 text, the
 * only payload allGather carries) through the driver and sums all of them itself. It needs no connection between
 * executors, but N × model bytes pass through the driver per step, and Spark 4.2's barrier call polls its
 * completion with a one-second sleep ({@code BarrierTaskContext.runBarrier}), so each step waits 0.5-1 s whatever
 * the model's size (DISTRIBUTED.md): the {@link RingAllReduce} is the default.
 */
public final class GatherAllReduce extends BarrierAllReduce {
    private final BarrierTaskContext context;

    public GatherAllReduce(BarrierTaskContext context) {
        super(context.partitionId(), context.getTaskInfos().length);
        this.context = context;
    }

    @Override
    public float[] mean(float[] local) {
        String[] all = context.allGather(encode(local)); // in partition (= rank) order
        float[][] perRank = new float[all.length][];
        for (int r = 0; r < all.length; r++) perRank[r] = r == rank() ? local : decode(all[r], local.length);
        return RankOrder.mean(perRank);
    }

    /** One allGather for all the buckets (each call costs ~1 s), then each bucket summed in its own {@link RankOrder}. */
    @Override
    public float[] mean(float[] local, int[] bounds) {
        String[] all = context.allGather(encode(local));
        float[][] perRank = new float[all.length][];
        for (int r = 0; r < all.length; r++) perRank[r] = r == rank() ? local : decode(all[r], local.length);
        float[] out = new float[local.length];
        for (int k = 0; k + 1 < bounds.length; k++) {
            if (bounds[k] == bounds[k + 1]) continue;
            float[][] slices = new float[perRank.length][];
            for (int r = 0; r < perRank.length; r++) slices[r] = java.util.Arrays.copyOfRange(perRank[r], bounds[k], bounds[k + 1]);
            float[] m = RankOrder.mean(slices);
            System.arraycopy(m, 0, out, bounds[k], m.length);
        }
        return out;
    }

    static String encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static float[] decode(String s, int length) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() != 4 * length)
            throw new IllegalStateException("all-reduce: a task sent " + b.remaining() / 4 + " gradient values, this one has " + length);
        float[] v = new float[length];
        b.asFloatBuffer().get(v);
        return v;
    }

    @Override public String toString() { return "GatherAllReduce(" + rank() + "/" + worldSize() + ")"; }
}

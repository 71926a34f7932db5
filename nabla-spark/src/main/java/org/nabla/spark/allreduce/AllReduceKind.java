package org.nabla.spark.allreduce;

import java.util.Locale;
import org.apache.spark.BarrierTaskContext;

/** Which all-reduce the replicas of a barrier stage use. */
public enum AllReduceKind {
    /** {@link GatherAllReduce}: through the driver with allGather. */
    GATHER,
    /** {@link RingAllReduce}: task to task over TCP. */
    RING,
    /** GATHER for gradients up to {@link #AUTO_RING_BYTES}, RING above (chosen at the first step, alike on every task). */
    AUTO;

    /**
     * Gradients above this size go round the ring under AUTO. Measured in local[2] (DISTRIBUTED.md): allGather's
     * Base64 round trip through the driver costs several times the ring's time from about 1 MB on.
     */
    public static final long AUTO_RING_BYTES = 1 << 20;

    public static AllReduceKind parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--all-reduce " + s + ": expected gather, ring or auto");
        }
    }

    /** The all-reduce of the calling barrier task. */
    public BarrierAllReduce open(BarrierTaskContext context) {
        return switch (this) {
            case GATHER -> new GatherAllReduce(context);
            case RING -> new RingAllReduce(context);
            case AUTO -> new AutoAllReduce(context);
        };
    }

    /** Opens the ring only when the first gradient is large: every task sees the same size, so all choose alike. */
    private static final class AutoAllReduce extends BarrierAllReduce {
        private final BarrierTaskContext context;
        private BarrierAllReduce chosen;

        AutoAllReduce(BarrierTaskContext context) {
            super(context.partitionId(), context.getTaskInfos().length);
            this.context = context;
        }

        @Override
        public float[] mean(float[] local) {
            if (chosen == null) chosen = 4L * local.length > AUTO_RING_BYTES ? new RingAllReduce(context) : new GatherAllReduce(context);
            return chosen.mean(local);
        }

        @Override
        public void close() {
            if (chosen != null) chosen.close();
        }

        @Override public String toString() { return "AutoAllReduce(" + chosen + ")"; }
    }
}

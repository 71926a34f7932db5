package org.nabla.spark.allreduce;

import java.util.Locale;
import org.apache.spark.BarrierTaskContext;

/** Which all-reduce the replicas of a barrier stage use (DISTRIBUTED.md compares them). */
public enum AllReduceKind {
    /**
     * {@link GatherAllReduce}: through the driver with allGather; needs no connection between executors, but costs
     * about a second per step whatever the model (Spark polls a barrier's completion once a second).
     */
    GATHER,
    /** {@link RingAllReduce}: task to task over TCP, gradient buckets all-reduced during the backward pass; the default. */
    RING,
    /** {@link RingAllReduce} after the backward pass, all buckets at once (for steps with more than one backward pass). */
    RING_BLOCKING;

    public static AllReduceKind parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--all-reduce " + s + ": expected ring, ring-blocking or gather");
        }
    }

    /** The all-reduce of the calling barrier task. */
    public BarrierAllReduce open(BarrierTaskContext context) {
        return switch (this) {
            case GATHER -> new GatherAllReduce(context);
            case RING -> new RingAllReduce(context, true);
            case RING_BLOCKING -> new RingAllReduce(context, false);
        };
    }
}

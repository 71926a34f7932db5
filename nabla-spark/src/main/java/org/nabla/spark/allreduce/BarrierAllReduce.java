package org.nabla.spark.allreduce;

import java.util.List;
import org.nabla.tensor.Tensor;
import org.nabla.train.gradient.GradientAllReduce;

/**
 * The all-reduce slot of a replica in a Spark barrier stage: the step's gradients flattened, averaged over the
 * barrier's tasks in {@link RankOrder}, and written back; it keeps the time spent exchanging (for the overhead
 * figures of DISTRIBUTED.md).
 */
public abstract class BarrierAllReduce implements GradientAllReduce, AutoCloseable {
    private final int rank, worldSize;
    private long nanos, calls, bytes;

    protected BarrierAllReduce(int rank, int worldSize) {
        if (worldSize < 1 || rank < 0 || rank >= worldSize)
            throw new IllegalArgumentException("all-reduce: rank " + rank + " of " + worldSize + " workers");
        this.rank = rank;
        this.worldSize = worldSize;
    }

    public int rank() { return rank; }

    @Override public int worldSize() { return worldSize; }

    @Override
    public void allReduceMean(List<Tensor> gradients) {
        float[] flat = FlatGradients.flatten(gradients);
        long start = System.nanoTime();
        float[] mean = worldSize == 1 ? flat : mean(flat);
        nanos += System.nanoTime() - start;
        calls++;
        bytes += 4L * flat.length;
        FlatGradients.unflatten(mean, gradients);
    }

    /** The mean of {@code local} over every task of the barrier, summed in {@link RankOrder}; the same bits on every task. */
    public abstract float[] mean(float[] local);

    /** Seconds spent in {@link #mean} so far. */
    public double seconds() { return nanos * 1e-9; }

    /** All-reduces run so far. */
    public long calls() { return calls; }

    /** Gradient bytes all-reduced so far (per task). */
    public long bytes() { return bytes; }

    @Override public void close() {}
}

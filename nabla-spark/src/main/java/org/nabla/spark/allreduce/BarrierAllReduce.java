package org.nabla.spark.allreduce;

import java.util.Arrays;
import java.util.List;
import org.nabla.tensor.Tensor;
import org.nabla.train.gradient.GradientAllReduce;
import org.nabla.train.gradient.GradientContext;

/**
 * The all-reduce slot of a replica in a Spark barrier stage: the step's gradients flattened, averaged over the
 * barrier's tasks bucket by bucket ({@link GradientBuckets}; each bucket summed in {@link RankOrder}), and written
 * back. An all-reduce that {@link #overlaps()} starts on each bucket during the backward pass, as soon as its
 * gradients are ready ({@link OverlappedBuckets}); the others exchange everything after it.
 *
 * <p>It keeps the time of every call (from the trainer handing over the gradients to the means written back: what
 * the step waits for), so that the driver can split it into communication and waiting for the slower replica,
 * and the time the communication itself took on its own thread (DISTRIBUTED.md, "Measured").
 */
public abstract class BarrierAllReduce implements GradientAllReduce, AutoCloseable {
    private final int rank, worldSize;
    private final int minBucketFloats;
    private long nanos, calls, bytes;
    private long[] callNanos = new long[1024];
    private OverlappedBuckets overlapped;

    protected BarrierAllReduce(int rank, int worldSize) { this(rank, worldSize, GradientBuckets.MIN_BUCKET_FLOATS); }

    protected BarrierAllReduce(int rank, int worldSize, int minBucketFloats) {
        if (worldSize < 1 || rank < 0 || rank >= worldSize)
            throw new IllegalArgumentException("all-reduce: rank " + rank + " of " + worldSize + " workers");
        this.rank = rank;
        this.worldSize = worldSize;
        this.minBucketFloats = minBucketFloats;
    }

    public int rank() { return rank; }

    @Override public int worldSize() { return worldSize; }

    /** Whether buckets are all-reduced during the backward pass, on a thread of their own. */
    protected boolean overlaps() { return false; }

    @Override
    public void apply(GradientContext g) {
        if (!overlaps() || worldSize == 1) {
            allReduceMean(g.gradients());
            return;
        }
        long start = System.nanoTime();
        if (overlapped == null) overlapped = new OverlappedBuckets(this, g.parameters(), minBucketFloats);
        long floats = overlapped.finishStep(g.parameters());
        record(System.nanoTime() - start, 4 * floats);
    }

    @Override
    public void allReduceMean(List<Tensor> gradients) {
        long start = System.nanoTime();
        float[] flat = FlatGradients.flatten(gradients);
        int[] sizes = gradients.stream().mapToInt(Tensor::numel).toArray();
        FlatGradients.unflatten(worldSize == 1 ? flat : mean(flat, GradientBuckets.bounds(sizes, minBucketFloats)), gradients);
        record(System.nanoTime() - start, 4L * flat.length);
    }

    /** Counts one all-reduce of {@code gradientBytes} that took {@code took} ns (from the call to the gradients written back). */
    private void record(long took, long gradientBytes) {
        if (calls == callNanos.length) callNanos = Arrays.copyOf(callNanos, 2 * callNanos.length);
        callNanos[(int) calls++] = took;
        nanos += took;
        bytes += gradientBytes;
    }

    /** The mean of {@code local} over every task of the barrier, summed in {@link RankOrder}; the same bits on every task. */
    public abstract float[] mean(float[] local);

    /**
     * The mean of {@code local}, bucket by bucket: {@code [bounds[k], bounds[k+1])} all-reduced on its own (its own
     * {@link RankOrder} chunks), the last bucket first (backward produces the last layers' gradients first).
     */
    public float[] mean(float[] local, int[] bounds) {
        float[] out = new float[local.length];
        for (int k = bounds.length - 2; k >= 0; k--) {
            if (bounds[k] == bounds[k + 1]) continue;
            float[] m = mean(Arrays.copyOfRange(local, bounds[k], bounds[k + 1]));
            System.arraycopy(m, 0, out, bounds[k], m.length);
        }
        return out;
    }

    /** Seconds spent in all-reduces so far (from the call to the gradients written back). */
    public double seconds() { return nanos * 1e-9; }

    /** Seconds of each all-reduce so far, in order (every task runs the same sequence of them). */
    public double[] callSeconds() {
        double[] s = new double[(int) calls];
        for (int i = 0; i < s.length; i++) s[i] = callNanos[i] * 1e-9;
        return s;
    }

    /** Seconds the communication thread spent exchanging buckets (overlapped with the backward pass or not); 0 without overlap. */
    public double overlappedSeconds() { return overlapped == null ? 0 : overlapped.communicationSeconds(); }

    /** All-reduces run so far. */
    public long calls() { return calls; }

    /** Gradient bytes all-reduced so far (per task). */
    public long bytes() { return bytes; }

    @Override
    public void close() {
        if (overlapped != null) overlapped.close();
    }
}

package org.nabla.spark.allreduce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * Gradient buckets all-reduced during the backward pass, as PyTorch's DistributedDataParallel does: a gradient hook
 * on every parameter copies its gradient into its {@link GradientBuckets bucket} the moment the backward pass has
 * finished it; a communication thread all-reduces the buckets one after the other, the last one (the last layers,
 * finished first) first, each as soon as it is complete — while the backward pass goes on with the earlier layers.
 * After the backward pass the trainer's step waits only for what is still in flight, and the means are written into
 * the gradients. The buckets travel in the same fixed order on every replica whatever the threads' timing, each
 * summed in {@link RankOrder}, so the result is the bits of the all-reduce after the backward pass.
 *
 * <p>Requires one backward pass per optimizer step over the same parameters (a classifier's step); a second
 * gradient for a parameter in one step is refused. The first step registers the hooks after its backward pass,
 * so it is all-reduced without overlap.
 */
final class OverlappedBuckets implements AutoCloseable {
    private final BarrierAllReduce allReduce;
    private final List<String> names;
    private final Tensor[] parameters;
    private final int[] offset, bucketOf, bounds, missing;
    private final float[][] data, result;
    private final boolean[] delivered;
    private final List<AutoCloseable> hooks = new ArrayList<>();
    private final Thread thread;
    /** Steps whose bucket k is complete / all-reduced (guarded by this). */
    private final long[] ready, done;
    private long step = 1; // the step being filled
    private long commNanos;
    private Throwable failure;
    private boolean closed;

    OverlappedBuckets(BarrierAllReduce allReduce, Map<String, Tensor> parameters, int minBucketFloats) {
        this.allReduce = allReduce;
        names = List.copyOf(parameters.keySet());
        this.parameters = parameters.values().toArray(Tensor[]::new);
        int n = this.parameters.length;
        int[] sizes = new int[n];
        offset = new int[n];
        for (int p = 0, at = 0; p < n; p++) {
            sizes[p] = this.parameters[p].numel();
            offset[p] = at;
            at += sizes[p];
        }
        bounds = GradientBuckets.bounds(sizes, minBucketFloats);
        int buckets = bounds.length - 1;
        bucketOf = new int[n];
        missing = new int[buckets];
        for (int p = 0; p < n; p++) {
            int k = 0;
            while (offset[p] >= bounds[k + 1] && k < buckets - 1) k++;
            bucketOf[p] = k;
        }
        data = new float[buckets][];
        result = new float[buckets][];
        for (int k = 0; k < buckets; k++) data[k] = new float[bounds[k + 1] - bounds[k]];
        delivered = new boolean[n];
        ready = new long[buckets];
        done = new long[buckets];
        resetMissing();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (int p = 0; p < n; p++) {
            if (seen.put(this.parameters[p], true) != null)
                throw new IllegalArgumentException("overlapped all-reduce: parameter " + names.get(p) + " is listed twice");
            int index = p;
            hooks.add(this.parameters[p].registerHook(g -> {
                deliver(index, g);
                return null;
            }));
        }
        thread = new Thread(this::communicate, "nabla-all-reduce-" + allReduce.rank());
        thread.setDaemon(true);
        thread.start();
    }

    private void resetMissing() {
        Arrays.fill(missing, 0);
        for (int p = 0; p < parameters.length; p++) missing[bucketOf[p]]++;
        Arrays.fill(delivered, false);
    }

    /** Parameter {@code p}'s gradient of this step: into its bucket, and the bucket handed over when complete. */
    private void deliver(int p, Tensor g) {
        if (delivered[p])
            throw new IllegalStateException("overlapped all-reduce: a second gradient for " + names.get(p)
                    + " in one step (it needs one backward pass per step; use --all-reduce ring-blocking)");
        delivered[p] = true;
        int k = bucketOf[p], at = offset[p] - bounds[k];
        if (g == null) {
            Arrays.fill(data[k], at, at + parameters[p].numel(), 0f);
        } else {
            float[] v = g.toFloatArray();
            System.arraycopy(v, 0, data[k], at, v.length);
        }
        if (--missing[k] == 0) {
            synchronized (this) {
                ready[k] = step;
                notifyAll();
            }
        }
    }

    /** The communication thread: every step, the buckets from the last to the first, each once it is complete. */
    private void communicate() {
        try {
            for (long s = 1; ; s++) {
                for (int k = data.length - 1; k >= 0; k--) {
                    synchronized (this) {
                        while (ready[k] < s && !closed) wait();
                        if (closed) return;
                    }
                    long start = System.nanoTime();
                    float[] m = allReduce.mean(data[k]);
                    long took = System.nanoTime() - start;
                    synchronized (this) {
                        result[k] = m;
                        commNanos += took;
                        done[k] = s;
                        notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable t) {
            synchronized (this) {
                failure = t;
                notifyAll();
            }
        }
    }

    /**
     * After the step's backward pass: the gradients the hooks did not see (this is the first step, or a parameter
     * got none) delivered now, then waits for every bucket and writes the means into the gradients. Returns the
     * values all-reduced.
     */
    long finishStep(Map<String, Tensor> current) {
        if (!names.equals(List.copyOf(current.keySet())))
            throw new IllegalStateException("overlapped all-reduce: the parameters changed between steps (use --all-reduce ring-blocking)");
        for (int p = 0; p < parameters.length; p++) if (!delivered[p]) deliver(p, parameters[p].grad());
        synchronized (this) {
            try {
                while (done[0] < step && failure == null) wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("all-reduce: interrupted", e);
            }
            if (failure != null) {
                if (failure instanceof RuntimeException r) throw r;
                throw new IllegalStateException("all-reduce: " + failure, failure);
            }
        }
        for (int p = 0; p < parameters.length; p++) {
            Tensor g = parameters[p].grad();
            if (g == null) continue;
            int k = bucketOf[p], at = offset[p] - bounds[k];
            g.copyFrom(Tensor.of(Arrays.copyOfRange(result[k], at, at + g.numel()), g.shape()));
        }
        resetMissing();
        step++;
        return bounds[bounds.length - 1];
    }

    synchronized double communicationSeconds() { return commNanos * 1e-9; }

    @Override
    public void close() {
        for (AutoCloseable h : hooks) {
            try {
                h.close();
            } catch (Exception ignored) {
                // removing a hook from a list does not fail
            }
        }
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        thread.interrupt();
    }
}

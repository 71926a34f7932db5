package org.nabla.spark.allreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.gradient.GradientContext;

/**
 * The ring all-reduce over loopback sockets, without Spark (one thread per rank): the bits of {@link RankOrder}'s
 * sum for 2 and 3 ranks, bucket by bucket, and the overlapped buckets (filled by gradient hooks during backward,
 * exchanged on a thread of their own) give the bits of the all-reduce after the backward pass, step after step.
 */
class RingAllReduceTest {
    /** n rings connected over 127.0.0.1: rank r to r+1. */
    static RingAllReduce[] rings(int n, boolean overlap, int minBucketFloats) throws Exception {
        ServerSocketChannel[] servers = new ServerSocketChannel[n];
        for (int r = 0; r < n; r++) servers[r] = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel[] next = new SocketChannel[n], previous = new SocketChannel[n];
        for (int r = 0; r < n; r++) next[r] = SocketChannel.open(servers[(r + 1) % n].getLocalAddress());
        for (int r = 0; r < n; r++) previous[r] = servers[r].accept();
        for (ServerSocketChannel s : servers) s.close();
        RingAllReduce[] rings = new RingAllReduce[n];
        for (int r = 0; r < n; r++) rings[r] = new RingAllReduce(r, n, new SocketChannel[] {next[r], previous[r]}, overlap, minBucketFloats);
        return rings;
    }

    /** Runs {@code work} on every rank at once; its results in rank order. */
    static <T> List<T> onEveryRank(int n, IntFunction<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int rank = r;
                fs.add(pool.submit(() -> work.apply(rank)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ringMeanHasTheBitsOfRankOrderFor2And3RanksWholeAndBucketByBucket() throws Exception {
        for (int n : new int[] {2, 3}) {
            Generator g = new Generator(5 + n);
            float[][] local = new float[n][];
            for (int r = 0; r < n; r++) local[r] = Tensor.randn(g, 1001).toFloatArray();
            int[] bounds = {0, 10, 600, 1001};
            float[][] byBucket = new float[n][1001];
            for (int k = 0; k < 3; k++) {
                float[][] slices = new float[n][];
                for (int r = 0; r < n; r++) slices[r] = java.util.Arrays.copyOfRange(local[r], bounds[k], bounds[k + 1]);
                float[] m = RankOrder.mean(slices);
                for (int r = 0; r < n; r++) System.arraycopy(m, 0, byBucket[r], bounds[k], m.length);
            }
            RingAllReduce[] rings = rings(n, false, 8);
            try {
                List<float[][]> got = onEveryRank(n, r -> new float[][] {rings[r].mean(local[r]), rings[r].mean(local[r], bounds)});
                for (int r = 0; r < n; r++) {
                    assertThat(got.get(r)[0]).as("n=%d rank %d", n, r).containsExactly(RankOrder.mean(local));
                    assertThat(got.get(r)[1]).as("n=%d rank %d by bucket", n, r).containsExactly(byBucket[0]);
                }
            } finally {
                for (RingAllReduce ring : rings) ring.close();
            }
        }
    }

    @Test
    void bucketsAreWholeParametersFromTheLastOneBackwards() {
        // LeNet-5's parameter sizes: the fully connected layers in one bucket, the convolutions in another
        int[] lenet = {150, 6, 2400, 16, 48000, 120, 10080, 84, 840, 10};
        assertThat(GradientBuckets.bounds(lenet, GradientBuckets.MIN_BUCKET_FLOATS)).containsExactly(0, 2572, 61706);
        assertThat(GradientBuckets.bounds(new int[] {5, 5, 5}, 5)).containsExactly(0, 5, 10, 15);
        assertThat(GradientBuckets.bounds(new int[] {5, 5, 5}, 100)).containsExactly(0, 15);
    }

    /** Gradients of {@code steps} SGD-free steps (fixed weights, new data each step) per rank, after the all-reduce. */
    static List<List<float[]>> train(int n, boolean overlap, int steps) throws Exception {
        RingAllReduce[] rings = rings(n, overlap, 8); // tiny buckets: several per step
        try {
            return onEveryRank(n, r -> {
                Generator init = new Generator(1);
                Module model = new Sequential(new Linear(6, 16, true, init), new ReLU(), new Linear(16, 8, true, init), new ReLU(), new Linear(8, 3, true, init));
                Generator data = new Generator(100 + r);
                List<float[]> out = new ArrayList<>();
                for (int s = 1; s <= steps; s++) {
                    model.zeroGrad();
                    Tensor x = Tensor.randn(data, 4, 6);
                    model.forward(x).tanh().sum().backward();
                    Map<String, Tensor> params = new LinkedHashMap<>(model.namedParameters());
                    rings[r].apply(new GradientContext(1, s, s, params, new HashMap<>()));
                    out.add(FlatGradients.flatten(params.values().stream().map(Tensor::grad).toList()));
                }
                return out;
            });
        } finally {
            for (RingAllReduce ring : rings) ring.close();
        }
    }

    @Test
    void overlappedBucketsGiveTheBitsOfTheAllReduceAfterBackwardOnEveryRank() throws Exception {
        for (int n : new int[] {2, 3}) {
            List<List<float[]>> blocking = train(n, false, 4), overlapped = train(n, true, 4);
            for (int r = 0; r < n; r++)
                for (int s = 0; s < 4; s++) {
                    assertThat(overlapped.get(r).get(s)).as("n=%d rank %d step %d", n, r, s + 1).containsExactly(blocking.get(r).get(s));
                    assertThat(overlapped.get(r).get(s)).as("n=%d rank %d step %d = rank 0", n, r, s + 1).containsExactly(overlapped.get(0).get(s));
                }
            assertThat(blocking.get(0).get(0)).as("steps differ (new data)").isNotEqualTo(blocking.get(0).get(1));
        }
    }
}

package org.nabla.spark.allreduce;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.BarrierTaskContext;

/**
 * Ring all-reduce between the tasks of a barrier stage over TCP: each task listens on a free port of its
 * executor's host, the addresses go round with {@link BarrierTaskContext#allGather}, and task r connects to
 * task r+1. The gradient is cut into N chunks ({@link RankOrder}); N−1 reduce-scatter steps pass each chunk's partial
 * sum along the ring (chunk c summed in the order c, c+1, ..., c−1), then N−1 all-gather steps pass the finished
 * chunks on. Each task sends and receives 2(N−1)/N × the gradient's bytes per step, whatever N: the cost model of
 * DISTRIBUTED.md. Sending runs on a thread of its own while the task receives, so large chunks cannot deadlock.
 * Reads are interruptible: when Spark kills the stage's other tasks after a failure, they stop at once.
 */
public final class RingAllReduce extends BarrierAllReduce {
    private final SocketChannel next, previous;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nabla-ring-sender");
        t.setDaemon(true);
        return t;
    });
    private ByteBuffer sendBuffer, receiveBuffer;
    private float[] partial = new float[0];

    public RingAllReduce(BarrierTaskContext context) {
        super(context.partitionId(), context.getTaskInfos().length);
        int n = worldSize(), rank = rank();
        String host = host(context.getTaskInfos()[rank].address());
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(host, 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            String[] addresses = context.allGather(host + ":" + port);
            if (n == 1) {
                next = previous = null;
                return;
            }
            String to = addresses[(rank + 1) % n];
            next = SocketChannel.open(new InetSocketAddress(host(to), Integer.parseInt(to.substring(to.lastIndexOf(':') + 1))));
            next.socket().setTcpNoDelay(true);
            previous = server.accept(); // the backlog holds rank-1's connection even if it came before this accept
            previous.socket().setTcpNoDelay(true);
        } catch (IOException e) {
            throw new UncheckedIOException("ring all-reduce: rank " + rank + " could not connect its ring: " + e.getMessage(), e);
        }
    }

    private static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    @Override
    public float[] mean(float[] local) {
        int n = worldSize(), r = rank(), length = local.length;
        float[] sum = local.clone();
        int chunk = RankOrder.chunkStart(length, n, 1) + 1; // no chunk is longer
        if (sendBuffer == null || sendBuffer.capacity() < 4 * chunk) {
            sendBuffer = ByteBuffer.allocateDirect(4 * chunk).order(ByteOrder.LITTLE_ENDIAN);
            receiveBuffer = ByteBuffer.allocateDirect(4 * chunk).order(ByteOrder.LITTLE_ENDIAN);
            partial = new float[chunk];
        }
        try {
            for (int t = 0; t < n - 1; t++) { // reduce-scatter: partial sum of the chunk in, own values added after it
                int in = Math.floorMod(r - t - 1, n), from = RankOrder.chunkStart(length, n, in), to = RankOrder.chunkStart(length, n, in + 1);
                exchange(sum, Math.floorMod(r - t, n), partial, 0, to - from, length);
                for (int i = from; i < to; i++) sum[i] = partial[i - from] + sum[i];
            }
            int own = Math.floorMod(r + 1, n);
            RankOrder.divide(sum, RankOrder.chunkStart(length, n, own), RankOrder.chunkStart(length, n, own + 1), n);
            for (int t = 0; t < n - 1; t++) { // all-gather: finished chunks passed on
                int in = Math.floorMod(r - t, n), from = RankOrder.chunkStart(length, n, in), to = RankOrder.chunkStart(length, n, in + 1);
                exchange(sum, Math.floorMod(r + 1 - t, n), sum, from, to - from, length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ring all-reduce: rank " + r + ": " + e.getMessage(), e);
        }
        return sum;
    }

    /** Sends chunk {@code out} of {@code v} to the next task while reading {@code count} values from the previous one into {@code dst[at..]}. */
    private void exchange(float[] v, int out, float[] dst, int at, int count, int length) throws IOException {
        int from = RankOrder.chunkStart(length, worldSize(), out), to = RankOrder.chunkStart(length, worldSize(), out + 1);
        sendBuffer.clear();
        sendBuffer.asFloatBuffer().put(v, from, to - from);
        sendBuffer.limit(4 * (to - from));
        Future<?> sent = sender.submit(() -> {
            while (sendBuffer.hasRemaining()) next.write(sendBuffer);
            return null;
        });
        receiveBuffer.clear().limit(4 * count);
        while (receiveBuffer.hasRemaining())
            if (previous.read(receiveBuffer) < 0) throw new EOFException("the previous task closed the ring");
        receiveBuffer.flip();
        receiveBuffer.asFloatBuffer().get(dst, at, count);
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        for (SocketChannel c : new SocketChannel[] {next, previous}) {
            if (c == null) continue;
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a finished ring
            }
        }
    }

    @Override public String toString() { return "RingAllReduce(" + rank() + "/" + worldSize() + ")"; }
}

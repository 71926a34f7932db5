package org.nabla.spark.allreduce;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.apache.spark.BarrierTaskContext;

/**
 * Ring all-reduce between the tasks of a barrier stage over TCP: each task listens on a free port of its
 * executor's host, the addresses go round with {@link BarrierTaskContext#allGather}, and task r connects to
 * task r+1. The gradient is cut into N chunks ({@link RankOrder}); N−1 reduce-scatter steps pass each chunk's partial
 * sum along the ring (chunk c summed in the order c, c+1, ..., c−1), then N−1 all-gather steps pass the finished
 * chunks on. Each task sends and receives 2(N−1)/N × the gradient's bytes per step, whatever N: the cost model of
 * DISTRIBUTED.md. With two tasks the same bytes go in one exchange of the whole vectors (one message latency, not
 * two), summed to the same bits. With {@code overlap} (the default kind), buckets of the gradient are all-reduced
 * during the backward pass ({@link OverlappedBuckets}).
 *
 * <p>Transport (DISTRIBUTED.md, "Measured"): both sockets non-blocking, served by the calling thread alone with one
 * {@link Selector} — it writes to the next task whatever the kernel takes and reads from the previous one whatever
 * has come, and sleeps in {@code select} only when neither can progress, so large chunks cannot deadlock and no
 * thread hand-off sits on the path (the transport it replaces, a sender thread per message with blocking reads and
 * default buffers, made a 0.25 MB all-reduce 2.5x slower);
 * TCP_NODELAY (no Nagle delay on a chunk's last segment); 4 MB socket buffers; the chunks go through direct,
 * native-order buffers with bulk {@link FloatBuffer} copies. A thread interrupted in {@code select} (Spark killing
 * the stage's tasks after a failure) stops at once, and a peer that closed its socket ends the read.
 */
public final class RingAllReduce extends BarrierAllReduce {
    private static final int SOCKET_BUFFER = 4 << 20;
    private final boolean overlap;
    private final SocketChannel next, previous;
    private final Selector selector;
    private final SelectionKey nextKey, previousKey;
    private ByteBuffer sendBuffer, receiveBuffer;
    private float[] partial = new float[0];

    /** {@code overlap}: all-reduce gradient buckets during the backward pass ({@link OverlappedBuckets}). */
    public RingAllReduce(BarrierTaskContext context, boolean overlap) {
        this(context.partitionId(), context.getTaskInfos().length, context, overlap);
    }

    private RingAllReduce(int rank, int n, BarrierTaskContext context, boolean overlap) {
        this(rank, n, connect(rank, n, context), overlap, GradientBuckets.MIN_BUCKET_FLOATS);
    }

    /** A ring over channels already connected: to task {@code rank + 1} and from task {@code rank - 1} (tests, benchmarks). */
    RingAllReduce(int rank, int n, SocketChannel[] nextAndPrevious, boolean overlap, int minBucketFloats) {
        super(rank, n, minBucketFloats);
        this.overlap = overlap;
        next = nextAndPrevious == null ? null : nextAndPrevious[0];
        previous = nextAndPrevious == null ? null : nextAndPrevious[1];
        if (next == null) {
            selector = null;
            nextKey = previousKey = null;
            return;
        }
        try {
            for (SocketChannel c : nextAndPrevious) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
                c.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
                c.configureBlocking(false);
            }
            selector = Selector.open();
            nextKey = next.register(selector, 0);
            previousKey = previous.register(selector, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("ring all-reduce: rank " + rank + ": " + e.getMessage(), e);
        }
    }

    /** Rank {@code rank}'s connections to the next task and from the previous one; null for a ring of one. */
    private static SocketChannel[] connect(int rank, int n, BarrierTaskContext context) {
        String host = host(context.getTaskInfos()[rank].address());
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER); // inherited by the accepted socket
            server.bind(new InetSocketAddress(host, 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            String[] addresses = context.allGather(host + ":" + port);
            if (n == 1) return null;
            String to = addresses[(rank + 1) % n];
            SocketChannel next = SocketChannel.open();
            next.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            next.connect(new InetSocketAddress(host(to), Integer.parseInt(to.substring(to.lastIndexOf(':') + 1))));
            SocketChannel previous = server.accept(); // the backlog holds rank-1's connection even if it came before this accept
            return new SocketChannel[] {next, previous};
        } catch (IOException e) {
            throw new UncheckedIOException("ring all-reduce: rank " + rank + " could not connect its ring: " + e.getMessage(), e);
        }
    }

    private static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    @Override
    protected boolean overlaps() { return overlap; }

    @Override
    public float[] mean(float[] local) {
        int n = worldSize(), r = rank(), length = local.length;
        float[] sum = local.clone();
        if (n == 1 || length == 0) return sum;
        try {
            if (n == 2) { // one exchange of the whole vectors: the ring's bytes per link in one message latency instead of two
                buffers(length);
                exchange(local, 0, length, partial, 0, length);
                for (int i = 0; i < length; i++) sum[i] = partial[i] + sum[i]; // a + b == b + a: RankOrder's bits on both ranks
                RankOrder.divide(sum, 0, length, n);
                return sum;
            }
            buffers(RankOrder.chunkStart(length, n, 1) + 1); // no chunk is longer
            for (int t = 0; t < n - 1; t++) { // reduce-scatter: partial sum of the chunk in, own values added after it
                int in = Math.floorMod(r - t - 1, n), from = RankOrder.chunkStart(length, n, in), to = RankOrder.chunkStart(length, n, in + 1);
                int out = Math.floorMod(r - t, n);
                exchange(sum, RankOrder.chunkStart(length, n, out), RankOrder.chunkStart(length, n, out + 1), partial, 0, to - from);
                for (int i = from; i < to; i++) sum[i] = partial[i - from] + sum[i];
            }
            int own = Math.floorMod(r + 1, n);
            RankOrder.divide(sum, RankOrder.chunkStart(length, n, own), RankOrder.chunkStart(length, n, own + 1), n);
            for (int t = 0; t < n - 1; t++) { // all-gather: finished chunks passed on
                int in = Math.floorMod(r - t, n), from = RankOrder.chunkStart(length, n, in), to = RankOrder.chunkStart(length, n, in + 1);
                int out = Math.floorMod(r + 1 - t, n);
                exchange(sum, RankOrder.chunkStart(length, n, out), RankOrder.chunkStart(length, n, out + 1), sum, from, to - from);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ring all-reduce: rank " + r + ": " + e.getMessage(), e);
        }
        return sum;
    }

    private void buffers(int floats) {
        if (sendBuffer != null && sendBuffer.capacity() >= 4 * floats) return;
        sendBuffer = ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder());
        receiveBuffer = ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder());
        partial = new float[floats];
    }

    /** Sends {@code v[from, to)} to the next task while reading {@code count} values from the previous one into {@code dst[at..]}. */
    private void exchange(float[] v, int from, int to, float[] dst, int at, int count) throws IOException {
        sendBuffer.clear();
        sendBuffer.asFloatBuffer().put(v, from, to - from);
        sendBuffer.limit(4 * (to - from));
        receiveBuffer.clear().limit(4 * count);
        while (sendBuffer.hasRemaining() || receiveBuffer.hasRemaining()) {
            boolean progress = false;
            if (sendBuffer.hasRemaining() && next.write(sendBuffer) > 0) progress = true;
            if (receiveBuffer.hasRemaining()) {
                int got = previous.read(receiveBuffer);
                if (got < 0) throw new EOFException("the previous task closed the ring");
                if (got > 0) progress = true;
            }
            if (progress) continue;
            nextKey.interestOps(sendBuffer.hasRemaining() ? SelectionKey.OP_WRITE : 0);
            previousKey.interestOps(receiveBuffer.hasRemaining() ? SelectionKey.OP_READ : 0);
            selector.select();
            selector.selectedKeys().clear();
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("interrupted");
        }
        receiveBuffer.flip();
        receiveBuffer.asFloatBuffer().get(dst, at, count);
    }

    @Override
    public void close() {
        super.close(); // the communication thread first
        try {
            if (selector != null) selector.close();
        } catch (IOException ignored) {
            // closing a finished ring
        }
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

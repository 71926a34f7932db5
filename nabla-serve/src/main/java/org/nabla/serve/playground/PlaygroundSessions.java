package org.nabla.serve.playground;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.nabla.serve.http.EventStream;
import org.nabla.tensor.RunContext;

/**
 * The open playground sessions, bounded in number and lifetime: a session lives while its page streams it; one
 * created and never streamed goes after {@link #UNCLAIMED_MS}, any after {@code lifetimeMs}; a full table refuses new
 * ones (the caller answers 503). Closed sessions leave the table, so their networks can be collected.
 */
public final class PlaygroundSessions {
    static final long UNCLAIMED_MS = 30_000;
    private final int max;
    private final long lifetimeMs;
    private final Map<String, PlaygroundSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Where the sessions train and draw their frames: one platform thread per core, first come first served. */
    private final ExecutorService trainers;
    /** The sessions' kernels run on the calling thread alone by default: the pool's threads are the parallelism. */
    private static final RunContext KERNELS = RunContext.of(1, 0);
    /** Kernel threads per session (1: the {@link #KERNELS} context) and the frames per second a stream may send (0: no cap). */
    private final int kernelThreads, fps;

    /** Sessions whose kernels run on one thread each, at most {@value PlaygroundSession#FPS} frames a second. */
    public PlaygroundSessions(int max, long lifetimeMs) { this(max, lifetimeMs, 1, PlaygroundSession.FPS); }

    /**
     * Sessions whose kernels (training and drawing) run on {@code kernelThreads} threads each (more than 1: a context
     * of its own per session, closed with it), streaming at most {@code fps} frames a second; {@code fps} 0 lifts the
     * cap and trains one epoch per frame (the original playground's pace: an epoch per animation frame).
     */
    public PlaygroundSessions(int max, long lifetimeMs, int kernelThreads, int fps) {
        if (kernelThreads < 1 || kernelThreads > RunContext.MAX_THREADS)
            throw new IllegalArgumentException("playground threads must be from 1 to " + RunContext.MAX_THREADS + ", got " + kernelThreads);
        if (fps < 0 || fps > 1000) throw new IllegalArgumentException("playground frames per second must be from 0 (no cap) to 1000, got " + fps);
        this.max = max;
        this.lifetimeMs = lifetimeMs;
        this.kernelThreads = kernelThreads;
        this.fps = fps;
        AtomicInteger n = new AtomicInteger();
        this.trainers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "nabla-playground-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Streams session {@code s} (see {@link PlaygroundSession#stream}) until it ends. */
    public void stream(PlaygroundSession s, EventStream out) throws IOException {
        if (kernelThreads == 1) {
            s.stream(out, deadline(s), trainers, KERNELS, fps);
            return;
        }
        try (RunContext own = RunContext.of(kernelThreads, 0)) {
            s.stream(out, deadline(s), trainers, own, fps);
        }
    }

    public int kernelThreads() { return kernelThreads; }
    public int fps() { return fps; }

    public int max() { return max; }
    public long lifetimeMs() { return lifetimeMs; }
    public int size() { return sessions.size(); }

    /** A new session, or null when {@link #max} are open. */
    public synchronized PlaygroundSession create(PlaygroundSettings settings) {
        reap();
        if (sessions.size() >= max) return null;
        byte[] id = new byte[16];
        random.nextBytes(id);
        PlaygroundSession s = new PlaygroundSession(HexFormat.of().formatHex(id), settings);
        sessions.put(s.id(), s);
        return s;
    }

    public PlaygroundSession get(String id) { return sessions.get(id); }

    /** The moment (epoch ms) session {@code s} must end. */
    public long deadline(PlaygroundSession s) { return s.created() + lifetimeMs; }

    public void close(String id) {
        PlaygroundSession s = sessions.remove(id);
        if (s != null) s.close();
    }

    /** Removes the sessions past their lifetime and those never streamed within {@link #UNCLAIMED_MS}. */
    public void reap() {
        long now = System.currentTimeMillis();
        for (PlaygroundSession s : sessions.values()) {
            boolean expired = now > deadline(s), unclaimed = !s.streaming() && now - s.created() > UNCLAIMED_MS;
            if (expired || unclaimed || s.closed()) close(s.id());
        }
    }

    /** Ends every session and the training threads (the server stops). */
    public void closeAll() {
        sessions.keySet().forEach(this::close);
        trainers.shutdownNow();
    }
}

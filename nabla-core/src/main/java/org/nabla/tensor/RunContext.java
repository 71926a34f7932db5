package org.nabla.tensor;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What one run owns that would otherwise be process-wide: the kernels' thread count (and the backend's worker
 * threads for it) and the default {@link Generator}. Code run inside {@link #call} on one thread sees this context;
 * two runs in one JVM, each in its own context on its own thread, do not see each other's threads or random stream.
 * Outside any context the process default applies ({@code NABLA_THREADS} or the cores, {@link Generator#global}).
 * <pre>
 *   try (RunContext run = RunContext.of(4, 42)) {
 *       Result r = run.call(() -&gt; trainer.fit(10));
 *   }
 * </pre>
 */
public final class RunContext implements AutoCloseable {
    /**
     * The most kernel threads a context (or the process) takes: 4 per core, at least 16. More only adds workers that
     * spin and park in turn (5000 hung a run; 100000 ran out of memory creating them).
     */
    public static final int MAX_THREADS = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
    private static final ThreadLocal<RunContext> ACTIVE = new ThreadLocal<>();
    private static final int DEFAULT_THREADS = initialThreads();

    private final int threads;
    private final Generator generator;
    /** Backend state kept per context, such as the CPU backend's worker team; closed with the context. */
    private final ConcurrentHashMap<Object, AutoCloseable> resources = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private RunContext(int threads, Generator generator) {
        this.threads = threads;
        this.generator = generator;
    }

    /** A context with this many kernel threads (1 = the calling thread only) and a default generator seeded with seed. */
    public static RunContext of(int threads, long seed) {
        return of(threads, new Generator(seed));
    }

    /** A context with this many kernel threads whose default generator is generator (shared, not copied). */
    public static RunContext of(int threads, Generator generator) {
        if (threads < 1 || threads > MAX_THREADS)
            throw new IllegalArgumentException("threads must be from 1 to " + MAX_THREADS + ", got " + threads);
        return new RunContext(threads, java.util.Objects.requireNonNull(generator, "generator"));
    }

    /** The context the calling thread runs in, or null outside any. */
    public static RunContext active() { return ACTIVE.get(); }

    /** The thread count outside any context: {@code NABLA_THREADS}, else the cores. */
    public static int defaultThreads() { return DEFAULT_THREADS; }

    public int threads() { return threads; }

    /** The generator that {@link Generator#global()} returns inside this context. */
    public Generator generator() { return generator; }

    /** Runs body on the calling thread inside this context (nested calls are allowed) and returns its result. */
    public <T> T call(Callable<T> body) throws Exception {
        if (closed) throw new IllegalStateException("this run context is closed");
        RunContext previous = ACTIVE.get();
        ACTIVE.set(this);
        try {
            return body.call();
        } finally {
            if (previous == null) ACTIVE.remove();
            else ACTIVE.set(previous);
        }
    }

    /** {@link #call} for a body that returns nothing and throws no checked exception. */
    public void run(Runnable body) {
        try {
            call(() -> {
                body.run();
                return null;
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The backend's state for this context under key, created on first use (for backends: e.g. worker threads
     * sized to {@link #threads}); closed when the context is.
     */
    public <T extends AutoCloseable> T resource(Object key, Function<RunContext, T> create) {
        @SuppressWarnings("unchecked")
        T r = (T) resources.computeIfAbsent(key, k -> create.apply(this));
        return r;
    }

    /** Releases the backend's state (the worker threads). */
    @Override
    public void close() {
        closed = true;
        for (AutoCloseable r : resources.values()) {
            try {
                r.close();
            } catch (Exception ignored) {
                // worker teams do not fail to close
            }
        }
        resources.clear();
    }

    private static int initialThreads() {
        String env = System.getenv("NABLA_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int n = Integer.parseInt(env.trim());
                if (n > 0 && n <= MAX_THREADS) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the core count
            }
            System.err.println("nabla: ignoring NABLA_THREADS=" + env + " (expected an integer from 1 to " + MAX_THREADS + ")");
        }
        return Runtime.getRuntime().availableProcessors();
    }
}

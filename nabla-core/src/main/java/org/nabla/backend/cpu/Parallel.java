package org.nabla.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The kernels' one thread pool, sized to the cores (or to {@code NABLA_THREADS}, or {@link #setThreads}).
 * Work is handed out in a few coarse tasks, one per thread, and only when it is large enough to pay.
 */
public final class Parallel {
    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool = newPool(threads);

    private Parallel() {}

    private static int initialThreads() {
        String env = System.getenv("NABLA_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int n = Integer.parseInt(env.trim());
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the core count
            }
            System.err.println("nabla: ignoring NABLA_THREADS=" + env + " (expected a positive integer)");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static ForkJoinPool newPool(int n) {
        return n <= 1 ? null : new ForkJoinPool(n - 1, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setDaemon(true);
            t.setName("nabla-kernel-" + t.getPoolIndex());
            return t;
        }, null, false);
    }

    /** Threads the kernels use. */
    public static int threads() { return threads; }

    /** Sets the thread count for all later kernels (1 = run on the caller only). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        if (n == threads) return;
        ForkJoinPool old = pool;
        pool = newPool(n);
        threads = n;
        if (old != null) old.shutdown();
    }

    /** Runs body(0..tasks-1), task 0 on the caller and the rest on the pool, and waits for all. */
    public static void forEach(int tasks, IntConsumer body) {
        ForkJoinPool p = pool;
        if (tasks <= 1 || p == null) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        ForkJoinTask<?>[] futures = new ForkJoinTask<?>[tasks - 1];
        for (int i = 1; i < tasks; i++) {
            int task = i;
            futures[i - 1] = p.submit(() -> body.accept(task));
        }
        body.accept(0);
        for (ForkJoinTask<?> f : futures) f.join();
    }
}

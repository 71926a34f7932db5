package org.nabla.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.nabla.tensor.RunContext;

/**
 * The kernels' threads: the caller plus {@code threads - 1} workers. Inside a {@link RunContext} they are that
 * context's (its own team, sized to its thread count); outside any, the process's, sized to the cores (or to
 * {@code NABLA_THREADS}, or {@link #setThreads}). Work is handed out in a few coarse tasks, and only when it is large enough to pay.
 * <p>
 * A training step runs many sub-millisecond kernels back to back, and waking a parked thread costs 20-50 us here
 * (a ForkJoinPool's fork/join measured that much per call). So after a job the workers spin for a short while
 * ({@link #SPIN_NANOS}) waiting for the next one, as OpenMP runtimes do, and only then park.
 */
public final class Parallel {
    /** How long an idle worker spins for the next job before it parks. */
    static final long SPIN_NANOS = 200_000;
    /** How long a caller with nothing left to claim spins for the other tasks to finish before it parks. */
    static final long CALLER_SPIN_NANOS = 50_000;

    /** The most threads {@link #setThreads} accepts: {@link RunContext#MAX_THREADS}. */
    public static final int MAX_THREADS = RunContext.MAX_THREADS;
    private static volatile int threads = RunContext.defaultThreads();
    private static volatile Team team = Team.of(threads);

    private Parallel() {}

    /** The thread count before any {@link #setThreads}: {@code NABLA_THREADS}, else the cores. */
    public static int defaultThreads() { return RunContext.defaultThreads(); }

    /** Threads the kernels use on the calling thread: its run context's, else the process's. */
    public static int threads() {
        RunContext run = RunContext.active();
        return run != null ? run.threads() : threads;
    }

    /** Sets the process's thread count for all later kernels outside a run context (1 = run on the caller only). */
    public static synchronized void setThreads(int n) {
        if (n < 1 || n > MAX_THREADS) throw new IllegalArgumentException("threads must be from 1 to " + MAX_THREADS + ", got " + n);
        if (n == threads) return;
        Team old = team;
        team = Team.of(n);
        threads = n;
        if (old != null) old.close();
    }

    /**
     * Runs body(0..tasks-1) and waits for all: the caller and the workers each claim the next unclaimed task until
     * none is left. A call made while the team is busy (from inside a task, or from a second thread) runs its tasks
     * on the calling thread alone.
     */
    public static void forEach(int tasks, IntConsumer body) {
        Team t = tasks <= 1 ? null : team();
        if (t == null || !t.tryRun(tasks, body)) {
            for (int i = 0; i < tasks; i++) body.accept(i);
        }
    }

    /**
     * The team that runs the calling thread's jobs: a worker's own (busy, so a nested job runs on the worker alone),
     * the run context's, or the process's.
     */
    private static Team team() {
        if (Thread.currentThread() instanceof Worker w) return w.team;
        RunContext run = RunContext.active();
        if (run == null) return team;
        return run.threads() <= 1 ? null : run.resource(Parallel.class, r -> new Team(r.threads()));
    }

    /** A piece [from, from + length) of a range. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int length);
    }

    /** Chunks per thread in {@link #forRange}: enough that a thread that starts late or runs slower takes fewer. */
    private static final int CHUNKS_PER_THREAD = 4;

    /**
     * Runs body over [0, n) cut into a few chunks per thread, each a multiple of {@code align} items (except the
     * last) and claimed dynamically. A static split of one part per thread leaves the caller waiting whenever the
     * other thread starts late (a parked worker wakes in 20-50 us) or shares its core for a while.
     */
    public static void forRange(int n, int align, RangeBody body) {
        int threads = threads();
        if (n <= 0) return;
        int chunks = threads <= 1 ? 1 : Math.min(CHUNKS_PER_THREAD * threads, Math.ceilDiv(n, align));
        int per = Math.ceilDiv(Math.ceilDiv(n, chunks), align) * align;
        forEach(Math.ceilDiv(n, per), c -> body.run(c * per, Math.min(per, n - c * per)));
    }

    /**
     * One job: its tasks are claimed through next; done counts the finished ones. The caller, once it has no task
     * left to claim, spins a short while for the others to finish and then parks until the last one wakes it.
     */
    private static final class Job {
        final IntConsumer body;
        final int tasks;
        final Thread caller = Thread.currentThread();
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        /** Set when the caller (is about to) park: the worker that finishes the last task unparks it. */
        volatile boolean callerParked;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        void work() {
            for (int i; (i = next.getAndIncrement()) < tasks; ) {
                try {
                    body.accept(i);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    if (done.incrementAndGet() == tasks && callerParked) LockSupport.unpark(caller);
                }
            }
        }

        /**
         * Waits for every task. A worker that is still running one may have been preempted (by the JIT, the GC or
         * another process: 2-core machines have no spare core); spinning on would keep this core busy and leave
         * the preempted worker queued behind it for a whole time slice, so after {@link #CALLER_SPIN_NANOS} the
         * caller parks, and its core is free for the worker.
         */
        void awaitDone() {
            long deadline = System.nanoTime() + CALLER_SPIN_NANOS;
            while (done.get() < tasks) {
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    continue;
                }
                callerParked = true;
                // Re-check after publishing callerParked: a last task finished before it would not unpark us.
                if (done.get() < tasks) LockSupport.parkNanos(this, 1_000_000);
            }
        }
    }

    /** The worker threads and the job they are looking at. */
    private static final class Team implements AutoCloseable {
        private final Worker[] workers;
        private final AtomicBoolean busy = new AtomicBoolean();
        /** The current job (null between jobs); workers start on every new one they see. */
        private volatile Job job;
        private volatile boolean closed;

        private Team(int n) {
            workers = new Worker[n - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, i);
                workers[i].start();
            }
        }

        static Team of(int n) { return n <= 1 ? null : new Team(n); }

        boolean tryRun(int tasks, IntConsumer body) {
            if (closed || !busy.compareAndSet(false, true)) return false;
            try {
                Job j = new Job(tasks, body);
                job = j;
                for (Worker w : workers) if (w.parked) LockSupport.unpark(w);
                j.work();
                j.awaitDone();
                job = null;
                Throwable e = j.failure.get();
                if (e instanceof RuntimeException r) throw r;
                if (e instanceof Error err) throw err;
                if (e != null) throw new IllegalStateException(e);
                return true;
            } finally {
                busy.set(false);
            }
        }

        @Override
        public void close() {
            closed = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }

    private static final class Worker extends Thread {
        private final Team team;
        /** Set while the worker is (about to be) parked, so the next job unparks it. */
        volatile boolean parked;

        Worker(Team team, int index) {
            super("nabla-kernel-" + index);
            this.team = team;
            setDaemon(true);
        }

        @Override
        public void run() {
            Job last = null;
            while (!team.closed) {
                Job j = team.job;
                if (j != last) {
                    last = j;
                    if (j != null) j.work();
                    continue;
                }
                long deadline = System.nanoTime() + SPIN_NANOS;
                while (team.job == last && !team.closed && System.nanoTime() < deadline) Thread.onSpinWait();
                if (team.job != last || team.closed) continue;
                // Publish parked before the last look at job: a job posted after it sees parked and unparks us.
                parked = true;
                if (team.job == last && !team.closed) LockSupport.park(this);
                parked = false;
            }
        }
    }
}

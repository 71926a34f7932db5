package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() { Parallel.setThreads(savedThreads); }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void everyTaskRunsExactlyOnceOverManyBackToBackJobs(int threads) {
        Parallel.setThreads(threads);
        for (int job = 0; job < 2000; job++) {
            int tasks = 1 + job % 7;
            AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
            Parallel.forEach(tasks, runs::incrementAndGet);
            for (int t = 0; t < tasks; t++) assertThat(runs.get(t)).as("job %d task %d", job, t).isEqualTo(1);
            if (job % 500 == 0) sleepPastTheSpin(); // the workers park, and the next job must wake them
        }
    }

    @org.junit.jupiter.api.Test
    void absurdThreadCountsAreRefusedBeforeAnyWorkerStarts() {
        assertThat(Parallel.MAX_THREADS).isGreaterThanOrEqualTo(Math.max(16, Runtime.getRuntime().availableProcessors()));
        for (int n : new int[] {0, -1, Parallel.MAX_THREADS + 1, 100_000})
            assertThatThrownBy(() -> Parallel.setThreads(n)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("threads must be from 1 to " + Parallel.MAX_THREADS + ", got " + n);
        assertThat(Parallel.threads()).isEqualTo(savedThreads);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aFailingTaskFailsTheCall(int threads) {
        Parallel.setThreads(threads);
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        assertThatThrownBy(() -> Parallel.forEach(4, t -> {
            runs.incrementAndGet(t);
            if (t == 2) throw new IllegalArgumentException("task 2 failed");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("task 2 failed");
        // The team is usable afterwards.
        AtomicIntegerArray again = new AtomicIntegerArray(3);
        Parallel.forEach(3, again::incrementAndGet);
        for (int t = 0; t < 3; t++) assertThat(again.get(t)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void nestedAndConcurrentCallsRunAllTheirTasks(int threads) throws Exception {
        Parallel.setThreads(threads);
        AtomicIntegerArray inner = new AtomicIntegerArray(12);
        Parallel.forEach(3, outer -> Parallel.forEach(4, t -> inner.incrementAndGet(outer * 4 + t)));
        for (int i = 0; i < 12; i++) assertThat(inner.get(i)).isEqualTo(1);

        AtomicIntegerArray a = new AtomicIntegerArray(5000), b = new AtomicIntegerArray(5000);
        Thread other = new Thread(() -> {
            for (int j = 0; j < 1000; j++) {
                int base = 5 * j;
                Parallel.forEach(5, t -> b.incrementAndGet(base + t));
            }
        });
        other.start();
        for (int j = 0; j < 1000; j++) {
            int base = 5 * j;
            Parallel.forEach(5, t -> a.incrementAndGet(base + t));
        }
        other.join();
        for (int i = 0; i < 5000; i++) {
            assertThat(a.get(i)).isEqualTo(1);
            assertThat(b.get(i)).isEqualTo(1);
        }
    }

    private static void sleepPastTheSpin() {
        try {
            Thread.sleep(Parallel.SPIN_NANOS / 1_000_000 + 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void forRangeCoversTheRangeOnceInAlignedPieces(int threads) {
        Parallel.setThreads(threads);
        for (int n : new int[] {0, 1, 15, 16, 17, 100, 1000, 32769}) {
            for (int align : new int[] {1, 4, 16}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                Parallel.forRange(n, align, (from, length) -> {
                    assertThat(length).isPositive();
                    assertThat(from % align).as("piece start %d, align %d", from, align).isZero();
                    for (int i = from; i < from + length; i++) seen.incrementAndGet(i);
                });
                for (int i = 0; i < n; i++) assertThat(seen.get(i)).as("n=%d align=%d item %d", n, align, i).isEqualTo(1);
            }
        }
    }
}

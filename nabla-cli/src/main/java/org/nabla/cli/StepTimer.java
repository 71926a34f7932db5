package org.nabla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times a repeated step the way {@code ../shared/bench/pytorch/ref_bench.py} ({@code time_steps}) does, so the two
 * sides' figures compare directly: warm up (at least {@code minWarmupSteps} steps and {@code warmupTime} seconds,
 * stopping early only when steps are very slow), collect garbage, then time {@code windows} windows of
 * {@code minTime / windows} seconds (at least one step each) and report the median window's time per step.
 * <p>
 * The machine may be shared. Each window also records how many cores other processes used (from {@code /proc/stat}
 * minus this process's CPU time) and the hypervisor steal; a window in which others used more than
 * {@code maxForeign} cores is re-measured up to {@code retries} times after waiting for a quiet machine, keeping
 * the least disturbed. Where {@code /proc/stat} cannot be read, no load is measured and nothing is re-measured.
 */
final class StepTimer {
    /** /proc/stat counts in USER_HZ ticks, which Linux fixes at 100 per second for user space. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** How to time: windows per measurement, re-measurements of a disturbed window, the load that disturbs, the wait for quiet. */
    record Settings(int windows, int retries, double maxForeign, double waitQuietSeconds) {}

    /**
     * One timed benchmark: the median, fastest and slowest window's seconds per step; totals over the kept windows;
     * the worst foreign load and steal among them in cores (NaN where not measured); windows timed, retries included.
     */
    record Measurement(double perStep, double fastest, double slowest, int windows, long steps, double seconds,
                       double foreignCpu, double stealCpu, int tries, double gcSecondsPerStep, double allocatedBytesPerStep) {}

    private record Window(long steps, double seconds, double foreign, double steal, double gcSeconds, double allocatedBytes) {}

    /** Cumulative busy and steal seconds of all cores, this process's CPU seconds, and the wall clock, at one moment. */
    private record CpuSample(double busy, double steal, double own, double wall) {}

    private final Settings settings;
    private final PrintWriter log;
    private final com.sun.management.OperatingSystemMXBean os =
            ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b ? b : null;

    StepTimer(Settings settings, PrintWriter log) {
        this.settings = settings;
        this.log = log;
    }

    /** True where other processes' load can be measured (Linux with a readable /proc/stat). */
    boolean measuresLoad() { return sample() != null; }

    Measurement time(Runnable step, double minTime, double warmupTime, int minWarmupSteps) {
        waitQuiet();
        warm(step, minTime, warmupTime, minWarmupSteps);
        System.gc();
        Window[] kept = new Window[settings.windows()];
        int tries = 0;
        for (int w = 0; w < kept.length; w++) {
            Window best = null;
            for (int i = 0; i <= settings.retries(); i++) {
                tries++;
                if (i > 0) {
                    waitQuiet();
                    step.run();   // one re-warm step after idling
                }
                Window r = window(step, minTime / kept.length);
                if (best == null || r.foreign() < best.foreign()) best = r;
                if (!(r.foreign() > settings.maxForeign()) || i == settings.retries()) break;
                log.printf(Locale.ROOT, "  disturbed: other processes used %.2f cores during a timed window; re-measuring%n", r.foreign());
                log.flush();
            }
            kept[w] = best;
        }
        double[] perStep = Arrays.stream(kept).mapToDouble(r -> r.seconds() / r.steps()).sorted().toArray();
        int half = perStep.length / 2;
        double median = perStep.length % 2 == 1 ? perStep[half] : 0.5 * (perStep[half - 1] + perStep[half]);
        return new Measurement(median, perStep[0], perStep[perStep.length - 1], kept.length,
                Arrays.stream(kept).mapToLong(Window::steps).sum(), Arrays.stream(kept).mapToDouble(Window::seconds).sum(),
                Arrays.stream(kept).mapToDouble(Window::foreign).max().orElseThrow(),
                Arrays.stream(kept).mapToDouble(Window::steal).max().orElseThrow(), tries,
                Arrays.stream(kept).mapToDouble(Window::gcSeconds).sum() / Math.max(1, Arrays.stream(kept).mapToLong(Window::steps).sum()),
                Arrays.stream(kept).mapToDouble(Window::allocatedBytes).sum() / Math.max(1, Arrays.stream(kept).mapToLong(Window::steps).sum()));
    }

    private static void warm(Runnable step, double minTime, double warmupTime, int minWarmupSteps) {
        long t0 = System.nanoTime();
        for (int n = 1; ; n++) {
            step.run();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            if (n >= minWarmupSteps && elapsed >= warmupTime) return;
            if (elapsed >= 2 * Math.max(warmupTime, minTime)) return;   // very slow step: don't warm up forever
        }
    }

    private Window window(Runnable step, double seconds) {
        CpuSample s0 = sample();
        double gc0 = gcSeconds(), alloc0 = allocatedBytes();
        long t0 = System.nanoTime();
        for (long n = 1; ; n++) {
            step.run();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            if (elapsed >= seconds) {
                double[] load = loadSince(s0);
                return new Window(n, elapsed, load[0], load[1], gcSeconds() - gc0, allocatedBytes() - alloc0);
            }
        }
    }

    /** Seconds all collectors have spent so far. */
    private static double gcSeconds() {
        long ms = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) ms += Math.max(0, gc.getCollectionTime());
        return ms / 1e3;
    }

    /** Bytes allocated so far by all live threads (NaN where the JVM cannot tell). */
    private static double allocatedBytes() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemoryEnabled()
                ? t.getTotalThreadAllocatedBytes() : Double.NaN;
    }

    /** Waits (up to waitQuietSeconds) until other processes use fewer than maxForeign cores over a one-second sample. */
    private void waitQuiet() {
        if (settings.waitQuietSeconds() <= 0 || !measuresLoad()) return;
        long t0 = System.nanoTime();
        while (true) {
            CpuSample s0 = sample();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            double foreign = loadSince(s0)[0];
            double waited = (System.nanoTime() - t0) / 1e9;
            if (foreign < settings.maxForeign() || waited > settings.waitQuietSeconds()) {
                if (waited > 1.5) {
                    log.printf(Locale.ROOT, "  waited %.0fs for a quiet machine (foreign load now %.2f cores)%n", waited, foreign);
                    log.flush();
                }
                return;
            }
        }
    }

    /** {cores used by other processes, cores stolen by the hypervisor} since s0; NaN where not measured. */
    private double[] loadSince(CpuSample s0) {
        CpuSample s1 = sample();
        if (s0 == null || s1 == null) return new double[] {Double.NaN, Double.NaN};
        double elapsed = Math.max(s1.wall() - s0.wall(), 1e-9);
        double foreign = Math.max(0, (s1.busy() - s0.busy()) - (s1.own() - s0.own())) / elapsed;
        return new double[] {foreign, (s1.steal() - s0.steal()) / elapsed};
    }

    private CpuSample sample() {
        if (os == null) return null;
        String line;
        try (var lines = Files.lines(PROC_STAT)) {
            line = lines.findFirst().orElse(null);
        } catch (IOException | SecurityException e) {
            return null;
        }
        if (line == null || !line.startsWith("cpu ")) return null;
        String[] f = line.trim().split("\\s+");
        if (f.length < 9) return null;
        // user nice system idle iowait irq softirq steal: busy = user + nice + system + irq + softirq
        long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
        long steal = Long.parseLong(f[8]);
        long own = os.getProcessCpuTime();
        if (own < 0) return null;
        return new CpuSample(busy / TICKS_PER_SECOND, steal / TICKS_PER_SECOND, own / 1e9, System.nanoTime() / 1e9);
    }
}

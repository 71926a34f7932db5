package org.nabla.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of a run: the Java heap's peak (the sum of the heap pools' peaks since {@link #start()}, an upper
 * bound as pools peak at different times) and the process's peak resident set (Linux {@code VmHWM}, since the JVM
 * started; -1 where /proc is absent).
 */
final class PeakMemory {
    record Reading(long heapBytes, long rssBytes) {
        double heapMb() { return heapBytes / 1048576.0; }
        double rssMb() { return rssBytes < 0 ? -1 : rssBytes / 1048576.0; }
    }

    private PeakMemory() {}

    /** Resets the heap pools' peaks. */
    static PeakMemory start() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) pool.resetPeakUsage();
        return new PeakMemory();
    }

    Reading read() {
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) heap += pool.getPeakUsage().getUsed();
        return new Reading(heap, residentPeak());
    }

    private static long residentPeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}

package org.nabla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nabla.cli.lab.LabReport;
import org.nabla.cli.lab.LabRun;
import org.nabla.cli.lab.Labs;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla lab list} and {@code nabla lab TOPIC}: the course's experiments, re-run with their claim, charts and verdict. */
@Command(name = "lab", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-runs one of the course's experiments on real data (seeded; MNIST from $NABLA_DATA) and writes its charts and "
                + "report.md: the course's claim, the numbers, and whether this run confirms it. 'nabla lab list' lists them."})
final class LabCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "A lab's name, or 'list'.")
    private String topic;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder to create. Default: labs/<topic>.")
    private Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the data draws and the weights. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads. Default: $NABLA_THREADS or the number of cores.")
    private Integer threads;

    @Option(names = "--smoke", description = "The reduced size the tests run (seconds, not minutes); the verdict may then differ.")
    private boolean smoke;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        if (topic.equals("list")) {
            for (var e : Labs.REGISTRY.entries()) w.printf(Locale.ROOT, "%-16s %s%n", e.name(), e.description());
            w.flush();
            return 0;
        }
        if (!Labs.REGISTRY.contains(topic)) throw new UsageError(Labs.REGISTRY.unknown(topic) + " (or 'list')");
        Path dir = out != null ? out : Path.of("labs", topic);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("--out " + dir + ": cannot create the folder: " + e.getMessage(), e);
        }
        w.printf(Locale.ROOT, "lab %s: %s%nclaim: %s%n", topic, Labs.REGISTRY.entry(topic).description(), Labs.REGISTRY.get(topic).claim());
        w.flush();
        long start = System.nanoTime();
        LabReport report;
        Generator.manualSeed(seed);
        try (RunContext run = RunContext.of(ThreadCount.check(spec, threads != null ? threads : RunContext.defaultThreads()), Generator.global())) {
            report = run.call(() -> Labs.REGISTRY.get(topic).run(new LabRun(dir, smoke, seed)));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        report.seconds((System.nanoTime() - start) * 1e-9);
        Path md = report.write(dir);
        w.printf(Locale.ROOT, "verdict: %s — %s%n(%.1f s) report: %s%n", report.verdictWord(), report.verdictText(), report.seconds(), md);
        w.flush();
        return 0;
    }
}

package org.nabla.ensemble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nabla.io.SafeTensors;
import org.nabla.nn.Module;
import org.nabla.train.Callback;
import org.nabla.train.TrainContext;

/**
 * Snapshot ensembles (Huang et al., 2017, "Snapshot Ensembles: Train 1, get M for free"): a run with a cyclic
 * learning rate (cosine annealing with warm restarts) saves the model's weights at the end of each cycle, where the
 * rate has annealed to a minimum; the snapshots, combined, are an {@link Ensemble}. This callback writes
 * {@code dir/cycle-K.safetensors} (K from 1; atomically) at the end of every {@code epochsPerCycle}-th epoch.
 */
public final class Snapshots implements Callback {
    private static final Pattern FILE = Pattern.compile("cycle-(\\d+)\\.safetensors");
    private final Path dir;
    private final Module model;
    private final int epochsPerCycle;

    public Snapshots(Path dir, Module model, int epochsPerCycle) {
        if (epochsPerCycle < 1) throw new IllegalArgumentException("Snapshots: epochs per cycle must be at least 1, got " + epochsPerCycle);
        this.dir = dir;
        this.model = model;
        this.epochsPerCycle = epochsPerCycle;
    }

    /** The file of cycle {@code k} (1-based) in {@code dir}. */
    public static Path file(Path dir, int k) { return dir.resolve("cycle-" + k + ".safetensors"); }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        if (ctx.epoch() % epochsPerCycle != 0) return;
        int cycle = ctx.epoch() / epochsPerCycle;
        SafeTensors.save(file(dir, cycle), model.stateDict(), Map.of("cycle", Integer.toString(cycle), "epoch", Integer.toString(ctx.epoch())));
    }

    /** The snapshot files in {@code dir}, in cycle order; none when the folder does not exist. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> FILE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(Snapshots::cycle)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The cycle number of a snapshot file's name. */
    public static long cycle(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException(file + ": not a snapshot file (cycle-K.safetensors)");
        return Long.parseLong(m.group(1));
    }
}

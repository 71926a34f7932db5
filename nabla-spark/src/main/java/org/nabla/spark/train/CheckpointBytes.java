package org.nabla.spark.train;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.nabla.io.Checkpoint;

/** A {@link Checkpoint}'s folder as bytes (file path → content), to travel between the driver and the executors. */
public record CheckpointBytes(Map<String, byte[]> files) implements Serializable {
    public static CheckpointBytes of(Checkpoint checkpoint) {
        Path dir = temp();
        try {
            Path at = dir.resolve("c");
            checkpoint.save(at);
            return read(at);
        } finally {
            delete(dir);
        }
    }

    /** The files of the checkpoint folder {@code dir} as they are (a trained run's model, to broadcast). */
    public static CheckpointBytes read(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            return new CheckpointBytes(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the files under {@code dir}. */
    public void write(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
    }

    public Checkpoint checkpoint() {
        Path dir = temp();
        try {
            write(dir);
            return Checkpoint.load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /** Total bytes of the files. */
    public long size() { return files.values().stream().mapToLong(b -> b.length).sum(); }

    private static Path temp() {
        try {
            return Files.createTempDirectory("nabla-checkpoint");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }
}

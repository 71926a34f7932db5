package org.nabla.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: the content goes to a temporary file in the target's directory, is flushed to disk
 * (fsync), and is then renamed over the target in one atomic step. A reader sees the old file or the new one, never
 * a half-written one; if writing fails the temporary file is removed and the target is untouched. Temporary files
 * that a killed process left for the same target are removed by the next write of it.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of a file to a stream; may fail at any point. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Suffix of the temporary files, so leftovers of a killed process are recognisable. */
    public static final String TEMP_SUFFIX = ".tmp";

    public static void write(Path target, byte[] content) { write(target, out -> out.write(content)); }

    /** Replaces {@code target} atomically with what {@code body} writes. */
    public static void write(Path target, Body body) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", TEMP_SUFFIX);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(ch);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            tmp = null;
            syncDirectory(dir);
            removeStaleTemps(dir, abs.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort: a leftover temp file never replaces the target.
                }
            }
        }
    }

    /**
     * Deletes the temporary files of earlier writes of {@code name} that a killed process left behind (one writer
     * per file: once this write is committed, no other is in flight).
     */
    private static void removeStaleTemps(Path dir, String name) {
        String prefix = "." + name + ".";
        // createTempFile puts a random number between the prefix and the suffix; "a"'s temps are not "a.b"'s
        DirectoryStream.Filter<Path> ownTemp = p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX) && n.length() > prefix.length() + TEMP_SUFFIX.length()
                    && n.substring(prefix.length(), n.length() - TEMP_SUFFIX.length()).chars().allMatch(Character::isDigit);
        };
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ownTemp)) {
            for (Path t : temps) Files.deleteIfExists(t);
        } catch (IOException ignored) {
            // Leftovers only cost disk space; the target itself is committed.
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory (Linux, macOS). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open directories; the rename is still atomic there.
        }
    }
}

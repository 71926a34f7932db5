package org.nabla.serve.dashboard;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.io.Json;
import org.nabla.serve.http.EventStream;

/**
 * Follows a run folder while it trains and streams what it appends: the new complete rows of steps.csv
 * ({@code steps} events) and metrics.csv ({@code epochs}), the status when it changes ({@code status}), and
 * {@code reload} when a log was rewritten from the start or the run completed (the page then reads it whole). Polls
 * the files' sizes; stops when the client leaves (a failed write).
 */
public final class RunEvents {
    /** How often the folder is looked at. */
    static final long POLL_MS = 250;
    /** A comment is sent after this long without events, to find a closed connection. */
    static final long PING_MS = 5_000;
    private final Path dir;
    private final Tail steps, epochs;

    public RunEvents(Path dir, long stepsOffset, long epochsOffset) {
        this.dir = dir;
        this.steps = new Tail(dir.resolve(RunReader.STEPS), stepsOffset);
        this.epochs = new Tail(dir.resolve(RunReader.EPOCHS), epochsOffset);
    }

    /** Streams until the client leaves or the thread is interrupted. */
    public void stream(EventStream out) throws IOException {
        String status = null;
        long lastSent = System.currentTimeMillis();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                boolean sent = false;
                for (var tail : List.of(steps, epochs)) {
                    Tail.Update u;
                    try {
                        u = tail.poll();
                    } catch (IllegalArgumentException e) { // a header that does not parse: say so once, read on
                        out.send("error", Json.write(Map.of("error", e.getMessage())));
                        u = null;
                    }
                    if (u == null) continue;
                    if (u.rewritten()) {
                        out.send("reload", "{}");
                    } else {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("columns", u.columns());
                        m.put("rows", CsvTable.jsonRows(u.rows()));
                        out.send(tail == steps ? "steps" : "epochs", Json.write(m));
                    }
                    sent = true;
                }
                String now = currentStatus();
                if (!now.equals(status)) {
                    if (status != null && now.equals(RunStatus.COMPLETED.label())) out.send("reload", "{}");
                    out.send("status", Json.write(Map.of("status", now)));
                    status = now;
                    sent = true;
                }
                long t = System.currentTimeMillis();
                if (sent) lastSent = t;
                else if (t - lastSent > PING_MS) {
                    out.ping();
                    lastSent = t;
                }
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String currentStatus() {
        try {
            return RunReader.status(dir, null, Files.isRegularFile(dir.resolve(RunReader.SUMMARY)) ? Map.of() : null).label();
        } catch (IOException e) {
            return RunStatus.MALFORMED.label();
        }
    }

    /** The unread complete lines of one CSV log, from a byte offset. */
    static final class Tail {
        record Update(boolean rewritten, List<String> columns, List<double[]> rows) {}

        private final Path file;
        private long offset;
        private List<String> columns;

        Tail(Path file, long offset) {
            this.file = file;
            this.offset = Math.max(0, offset);
        }

        /** What was appended since the last poll, or null when nothing (or no complete line) was. */
        Update poll() throws IOException {
            if (!Files.isRegularFile(file)) return null;
            long size = Files.size(file);
            if (size < offset) { // written anew (a resumed run rewrote it, or another run took the folder)
                offset = 0;
                columns = null;
                return new Update(true, null, null);
            }
            if (size == offset) return null;
            byte[] fresh;
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                f.seek(offset);
                fresh = new byte[(int) Math.min(size - offset, RunReader.MAX_FILE)];
                f.readFully(fresh);
            }
            int end = fresh.length - 1;
            while (end >= 0 && fresh[end] != '\n') end--;
            if (end < 0) return null;
            String text = new String(fresh, 0, end + 1, StandardCharsets.UTF_8);
            boolean header = offset == 0;
            offset += end + 1;
            if (header) {
                CsvTable t = CsvTable.parse(file.getFileName().toString(), text);
                columns = t.columns();
                return t.rows().isEmpty() ? null : new Update(false, columns, t.rows());
            }
            if (columns == null) columns = header();
            try {
                return new Update(false, columns, CsvTable.rows(file.getFileName().toString(), text, columns.size(), 0));
            } catch (IllegalArgumentException e) {
                return null; // a torn row: the page keeps what it has
            }
        }

        private List<String> header() throws IOException {
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                return List.of(lines.findFirst().orElse("").strip().split(",", -1));
            }
        }
    }
}

package org.nabla.serve.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.nabla.serve.http.Assets;
import org.nabla.serve.http.EventStream;
import org.nabla.serve.http.Request;
import org.nabla.serve.http.Responses;
import org.nabla.serve.http.Route;
import org.nabla.serve.http.Router;
import org.nabla.serve.http.SafePaths;

/**
 * The dashboard's routes over one runs folder: the pages ({@code /}, {@code /run/NAME}, {@code /compare?runs=A,B}),
 * their data ({@code /api/runs}, {@code /api/runs/NAME}, the live {@code /api/runs/NAME/events}) and a run's own
 * files ({@code /runs/NAME/files/FILE}: charts, samples, logs; nothing outside the runs folder).
 */
public final class DashboardRoutes {
    /** Extensions of a run's files that can be downloaded. */
    private static final List<String> FILE_TYPES = List.of(".png", ".txt", ".csv", ".json", ".jsonl");
    /** The most live event streams open at once. */
    static final int MAX_STREAMS = 64;
    private final SafePaths runs;
    private final Assets assets;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);

    public DashboardRoutes(SafePaths runs, Assets assets) {
        this.runs = runs;
        this.assets = assets;
    }

    public void addTo(Router router) {
        router.add(Route.of("GET", "/", (r, p) -> page(r, "dashboard.html")))
                .add(Route.of("GET", "/run/*", (r, p) -> page(r, "run.html")))
                .add(Route.of("GET", "/compare", (r, p) -> page(r, "compare.html")))
                .add(Route.of("GET", "/assets/*", (r, p) -> asset(r, p.get(0))))
                .add(Route.of("GET", "/api/runs", (r, p) -> Responses.json(r.exchange(), 200, Map.of("runs", rows()))))
                .add(Route.of("GET", "/api/runs/*", (r, p) -> details(r, p.get(0))))
                .add(Route.of("GET", "/api/runs/*/events", (r, p) -> events(r, p.get(0))))
                .add(Route.of("GET", "/runs/*/files/*", (r, p) -> file(r, p.get(0), p.get(1))));
    }

    private void page(Request r, String name) throws IOException { asset(r, name); }

    private void asset(Request r, String name) throws IOException {
        byte[] b = assets.bytes(name);
        if (b == null) Responses.notFound(r.exchange());
        else Responses.bytes(r.exchange(), 200, Assets.contentType(name), b);
    }

    /** Every run folder's row, newest first. */
    List<Map<String, Object>> rows() throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(runs.root())) {
            s.filter(p -> runs.inside(p) != null && Files.isDirectory(p)).forEach(dirs::add);
        }
        List<Map<String, Object>> rows = new ArrayList<>(dirs.parallelStream().map(RunReader::row).toList());
        rows.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("date")).reversed()
                .thenComparing(m -> (String) m.get("name")));
        return rows;
    }

    /** The run folder {@code name} (a direct child of the runs folder), or null. */
    private Path run(String name) {
        Path dir = runs.resolve(List.of(name));
        return dir != null && Files.isDirectory(dir) ? dir : null;
    }

    private void details(Request r, String name) throws IOException {
        Path dir = run(name);
        if (dir == null) Responses.notFound(r.exchange());
        else Responses.json(r.exchange(), 200, RunReader.details(dir));
    }

    private void events(Request r, String name) throws IOException {
        Path dir = run(name);
        if (dir == null) {
            Responses.notFound(r.exchange());
            return;
        }
        if (!streams.tryAcquire()) {
            Responses.text(r.exchange(), 503, "too many live streams (" + MAX_STREAMS + ")");
            return;
        }
        try (EventStream out = new EventStream(r.exchange())) {
            Map<String, String> q = r.query();
            new RunEvents(dir, offset(q.get("steps")), offset(q.get("epochs"))).stream(out);
        } finally {
            streams.release();
        }
    }

    private static long offset(String s) {
        try {
            return s == null ? 0 : Math.max(0, Long.parseLong(s));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void file(Request r, String run, String file) throws IOException {
        Path p = runs.resolve(List.of(run, file));
        if (p == null || !Files.isRegularFile(p) || FILE_TYPES.stream().noneMatch(file::endsWith) || Files.size(p) > RunReader.MAX_FILE) {
            Responses.notFound(r.exchange());
            return;
        }
        Responses.bytes(r.exchange(), 200, Assets.contentType(file), Files.readAllBytes(p));
    }
}

package org.nabla.serve;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.nabla.serve.dashboard.DashboardRoutes;
import org.nabla.serve.http.Assets;
import org.nabla.serve.http.Router;
import org.nabla.serve.http.SafePaths;
import org.nabla.serve.playground.PlaygroundRoutes;
import org.nabla.serve.playground.PlaygroundSessions;

/**
 * {@code nabla serve}: the JDK's HTTP server, one virtual thread per exchange, with the dashboard over a runs folder
 * and the playground. Binds to 127.0.0.1 unless told another host. {@link #close} stops it and ends every session.
 */
public final class NablaServer implements AutoCloseable {
    /** Playground sessions open at once, and how long one may live. */
    public static final int MAX_SESSIONS = 32;
    public static final long SESSION_LIFETIME_MS = 30 * 60_000;
    private final HttpServer server;
    private final ExecutorService threads;
    private final ScheduledExecutorService reaper;
    private final PlaygroundSessions sessions;

    private NablaServer(HttpServer server, ExecutorService threads, ScheduledExecutorService reaper, PlaygroundSessions sessions) {
        this.server = server;
        this.threads = threads;
        this.reaper = reaper;
        this.sessions = sessions;
    }

    /** Starts serving {@code runs} (an existing folder) on {@code host}:{@code port} (0: any free port). */
    public static NablaServer start(Path runs, String host, int port) throws IOException {
        return start(runs, host, port, new PlaygroundSessions(MAX_SESSIONS, SESSION_LIFETIME_MS));
    }

    public static NablaServer start(Path runs, String host, int port, PlaygroundSessions sessions) throws IOException {
        if (!Files.isDirectory(runs)) throw new UncheckedIOException(new IOException("--runs " + runs + " is not a folder"));
        Assets assets = new Assets();
        Router router = new Router();
        new DashboardRoutes(new SafePaths(runs), assets).addTo(router);
        new PlaygroundRoutes(sessions, assets).addTo(router);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(threads);
        server.createContext("/", router);
        server.start();
        ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nabla-serve-sessions");
            t.setDaemon(true);
            return t;
        });
        reaper.scheduleWithFixedDelay(sessions::reap, 5, 5, TimeUnit.SECONDS);
        return new NablaServer(server, threads, reaper, sessions);
    }

    public int port() { return server.getAddress().getPort(); }
    public PlaygroundSessions sessions() { return sessions; }

    @Override
    public void close() {
        sessions.closeAll();
        reaper.shutdownNow();
        server.stop(0);
        threads.shutdownNow();
    }
}

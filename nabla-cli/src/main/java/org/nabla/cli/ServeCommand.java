package org.nabla.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.nabla.serve.NablaServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nabla serve}: the runs dashboard and the playground in the browser, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serves a dashboard of the run folders (live while they train) and a neural network playground trained by Nabla.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "The port (0: any free one). Default: ${DEFAULT-VALUE}.", defaultValue = "8080")
    private int port;

    @Option(names = "--runs", paramLabel = "DIR", description = "The runs folder. Default: ${DEFAULT-VALUE}.", defaultValue = "runs")
    private Path runs;

    @Option(names = "--host", paramLabel = "ADDRESS", arity = "0..1", fallbackValue = "0.0.0.0",
            description = "Listen on ADDRESS (alone: every interface) instead of 127.0.0.1. Anyone who can reach it sees the runs and can train.")
    private String host;

    @Option(names = "--playground-threads", paramLabel = "N", defaultValue = "1",
            description = "Kernel threads of each playground session's training and drawing (1: sessions run side by side, one per core). Default: ${DEFAULT-VALUE}.")
    private int playgroundThreads;

    @Option(names = "--playground-fps", paramLabel = "N", defaultValue = "30",
            description = "The most frames a second a playground session sends; 0: no cap, one epoch per frame. Default: ${DEFAULT-VALUE}.")
    private int playgroundFps;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) throw new UsageError("--port must be from 0 to 65535, got " + port);
        if (Files.exists(runs) && !Files.isDirectory(runs)) throw new UsageError("--runs " + runs + " is a file, not a folder");
        if (playgroundThreads < 1 || playgroundThreads > org.nabla.tensor.RunContext.MAX_THREADS)
            throw new UsageError("--playground-threads must be from 1 to " + org.nabla.tensor.RunContext.MAX_THREADS + ", got " + playgroundThreads);
        if (playgroundFps < 0 || playgroundFps > 1000) throw new UsageError("--playground-fps must be from 0 (no cap) to 1000, got " + playgroundFps);
        Files.createDirectories(runs);
        String bind = host == null ? "127.0.0.1" : host;
        if (host != null)
            spec.commandLine().getErr().println("nabla serve: warning: listening on " + bind + ": anyone who can reach this machine can read "
                    + runs.toAbsolutePath() + " and use its processors (no authentication)");
        NablaServer server;
        try {
            server = NablaServer.start(runs, bind, port, new org.nabla.serve.playground.PlaygroundSessions(NablaServer.MAX_SESSIONS,
                    NablaServer.SESSION_LIFETIME_MS, playgroundThreads, playgroundFps));
        } catch (java.net.BindException e) {
            throw new IllegalArgumentException("--port " + port + ": " + e.getMessage() + " (another server on it? try --port 0)");
        }
        String shown = bind.equals("0.0.0.0") ? "localhost" : bind.contains(":") ? "[" + bind + "]" : bind;
        spec.commandLine().getOut().println("nabla serve: http://" + shown + ":" + server.port() + "/ (runs: " + runs.toAbsolutePath()
                + "), playground: http://" + shown + ":" + server.port() + "/playground; Ctrl-C stops");
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}

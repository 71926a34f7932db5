package org.nabla.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.serve.playground.PlaygroundSession;
import org.nabla.serve.playground.PlaygroundSessions;

/** The server over HTTP: routes, bounds, path traversal, playground sessions. Requests go over raw sockets, unnormalised. */
class NablaServerTest {
    private static final String SECRET = "TOP-SECRET-CONTENT";
    @TempDir
    Path tmp;
    private NablaServer server;

    @BeforeEach
    void start() throws Exception {
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        Path run = Files.createDirectories(runs.resolve("run-1"));
        Files.writeString(run.resolve("config.json"), "{\"config\": {\"model\": \"mlp\", \"dataset\": \"digits\"}}");
        Files.writeString(run.resolve("steps.csv"), "step,epoch,loss\n1,0,0.5\n");
        Files.writeString(tmp.resolve("secret.txt"), SECRET);
        Files.writeString(tmp.resolve("secret.png"), SECRET);
        Files.createSymbolicLink(run.resolve("link.txt"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(run.resolve("link.png"), tmp.resolve("secret.png"));
        Files.createSymbolicLink(runs.resolve("outside"), tmp);
        Files.createDirectories(runs.resolve("broken"));
        Files.writeString(runs.resolve("broken/config.json"), "{not json");
        server = NablaServer.start(runs, "127.0.0.1", 0, new PlaygroundSessions(20, 60_000));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Response(int status, String body) {}

    private Response request(String method, String target, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + b.length + "\r\n") + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
            out.flush();
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Response(status, split < 0 ? "" : text.substring(split + 4));
        }
    }

    private Response get(String target) throws IOException { return request("GET", target, null); }

    @Test
    void everyTraversalAttemptGets403Or404AndNoContent() throws IOException {
        String abs = tmp.resolve("secret.txt").toString();
        List<String> attempts = List.of("/../secret.txt", "/runs/../../secret.txt", "/runs/run-1/files/../../secret.txt",
                "/runs/run-1/files/..%2f..%2fsecret.txt", "/runs/%2e%2e/files/secret.txt", "/runs/run-1/files/%2e%2e%2f%2e%2e%2fsecret.txt",
                "/runs/run-1/files/%2E%2E%5C%2E%2E%5Csecret.txt", "/runs/outside/files/secret.txt", "/runs/run-1/files/link.txt",
                "/runs/run-1/files/link.png", "/runs/run-1/files/" + abs.replace("/", "%2f"), "/runs/run-1/files/" + abs,
                "/runs/run-1/files//" + abs, "/api/runs/outside", "/api/runs/..", "/api/runs/%2e%2e", "/api/runs/outside/events",
                "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/assets/NablaServer.class",
                "/assets/org/nabla/serve/NablaServer.class", "/assets/META-INF%2fMANIFEST.MF", "/run/../../secret.txt", "//" + abs,
                "http://localhost/runs/run-1/files/../../../secret.txt");
        for (String target : attempts) {
            Response r = get(target);
            assertThat(r.status()).as(target).isIn(403, 404);
            assertThat(r.body()).as(target).doesNotContain(SECRET).doesNotContain("\"config\"");
        }
        assertThat(get("/runs/run-1/files/steps.csv").body()).startsWith("step,epoch,loss");
        assertThat(get("/runs/run-1/files/config.json").status()).isEqualTo(200);
    }

    @Test
    void unknownRoutesMethodsAndOversizedRequestsAreRefused() throws IOException {
        assertThat(get("/nothing/here").status()).isEqualTo(404);
        assertThat(get("/api").status()).isEqualTo(404);
        assertThat(get("/assets/missing.js").status()).isEqualTo(404);
        assertThat(request("DELETE", "/api/runs", null).status()).isEqualTo(405);
        assertThat(get("/api/runs?x=" + "a".repeat(5000)).status()).isEqualTo(414);
        assertThat(request("POST", "/api/playground/sessions", "dataset=" + "x".repeat(10_000)).status()).isEqualTo(413);
        assertThat(get("/").body()).contains("<table id=\"runs\">");
        assertThat(get("/assets/uPlot.iife.min.js").body()).contains("uPlot");
        assertThat(get("/assets/uPlot.LICENSE.txt").body()).contains("MIT");
    }

    @Test
    void theRunsListShowsAMalformedFolderAndItsPageSaysWhy() throws IOException {
        String list = get("/api/runs").body();
        assertThat(list).contains("\"name\":\"run-1\"").contains("\"model\":\"mlp\"").contains("\"name\":\"broken\"").doesNotContain("\"outside\"");
        Response broken = get("/api/runs/broken");
        assertThat(broken.status()).isEqualTo(200);
        assertThat(broken.body()).contains("\"status\":\"malformed\"").contains("\"error\":\"config.json: ");
        assertThat(get("/api/runs/run-1").status()).as("the server still serves after it").isEqualTo(200);
    }

    @Test
    void theRunEventsStreamAppendedRows() throws Exception {
        Path steps = tmp.resolve("runs/run-1/steps.csv");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/runs/run-1/events?steps=" + Files.size(steps) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(waitFor(in, "event: status")).isNotNull();
            Files.writeString(steps, "2,0,0.25\n", java.nio.file.StandardOpenOption.APPEND);
            assertThat(waitFor(in, "event: steps")).isNotNull();
            assertThat(in.readLine()).isEqualTo("data: {\"columns\":[\"step\",\"epoch\",\"loss\"],\"rows\":[[2,0,0.25]]}");
        }
    }

    private static String waitFor(BufferedReader in, String line) throws IOException {
        for (String l; (l = in.readLine()) != null; ) if (l.equals(line)) return l;
        return null;
    }

    @Test
    void badPlaygroundSettingsAreRefusedByTheServer() throws IOException {
        Response r = request("POST", "/api/playground/sessions", "layers=9,9");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("layers: expected a whole number from 1 to 8");
        assertThat(request("POST", "/api/playground/sessions", "lr=-1").status()).isEqualTo(400);
        assertThat(request("POST", "/api/playground/sessions/0123/play", "").status()).isEqualTo(404);
        assertThat(server.sessions().size()).isZero();
    }

    @Test
    void aSessionTakesANewLearningRateAndRegularisationButNothingElse() throws IOException {
        String id = createSession("lr=0.03");
        Response ok = request("POST", "/api/playground/sessions/" + id + "/settings", "lr=0.3&reg=l2&regRate=0.01");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"lr\":0.3").contains("\"reg\":\"l2\"").contains("\"regRate\":0.01");
        assertThat(server.sessions().get(id).settings().learningRate()).isEqualTo(0.3);
        Response other = request("POST", "/api/playground/sessions/" + id + "/settings", "layers=8,8");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body()).contains("layers: only [lr, reg, regRate] change a running network");
        assertThat(request("POST", "/api/playground/sessions/" + id + "/settings", "lr=abc").body()).contains("lr: expected a number");
        assertThat(request("POST", "/api/playground/sessions/" + id + "/settings", "reg=l3").status()).isEqualTo(400);
        assertThat(server.sessions().get(id).settings().learningRate()).isEqualTo(0.3);
        assertThat(server.sessions().get(id).settings().regularization()).isEqualTo("l2");
        assertThat(request("POST", "/api/playground/sessions/0123/settings", "lr=0.1").status()).isEqualTo(404);
    }

    @Test
    void aRunPageGetsItsSamplePredictionsAndABrokenFileDoesNotHideTheRest() throws IOException {
        Path run = tmp.resolve("runs/run-1");
        Files.writeString(run.resolve("predictions.json"), """
                {"split": "test", "scanned": 2, "scanned_accuracy": 0.5, "classes": ["a", "b"], "samples": [
                  {"index": 0, "group": "first", "label": 0, "predicted": 0, "correct": true, "probability": 0.9,
                   "top": [{"class": 0, "probability": 0.9}, {"class": 1, "probability": 0.1}]},
                  {"index": 1, "group": "first", "label": 0, "predicted": 1, "correct": false, "probability": 0.8,
                   "top": [{"class": 1, "probability": 0.8}, {"class": 0, "probability": 0.2}]}]}
                """);
        Response r = request("GET", "/api/runs/run-1", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"predictions\":{").contains("\"correct\":false");
        Files.writeString(run.resolve("predictions.json"), "{\"samples\": [");
        Response broken = request("GET", "/api/runs/run-1", null);
        assertThat(broken.body()).contains("\"predictions_error\":\"predictions.json: ").contains("\"steps\":{").doesNotContain("malformed");
        assertThat(request("GET", "/runs/run-1/files/predictions.json", null).status()).isEqualTo(200);
    }

    /** Creates a session over HTTP and returns its id. */
    private String createSession(String settings) throws IOException {
        Response r = request("POST", "/api/playground/sessions", settings);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f]+)\"").matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /**
     * Reads a session's stream until {@code frames} frames came, asking for one epoch after each; returns the epoch of
     * the last frame.
     */
    private int readFrames(Socket s, String id, int frames) throws IOException {
        s.setSoTimeout(60_000);
        s.getOutputStream().write(("GET /api/playground/sessions/" + id + "/stream HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        int seen = 0, epoch = -1;
        Pattern e = Pattern.compile("^data: \\{\"epoch\":(\\d+),");
        for (String l; seen < frames && (l = in.readLine()) != null; ) {
            Matcher m = e.matcher(l);
            if (m.find()) {
                seen++;
                epoch = Integer.parseInt(m.group(1));
                if (seen < frames) assertThat(request("POST", "/api/playground/sessions/" + id + "/step", "").status()).isEqualTo(200);
            }
        }
        assertThat(seen).isEqualTo(frames);
        return epoch;
    }

    @Test
    void twentyConcurrentSessionsTrainAndGoWhenTheirTabsClose() throws Exception {
        int n = 20;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(createSession("seed=" + i));
        List<WeakReference<PlaygroundSession>> refs = new ArrayList<>();
        for (String id : ids) refs.add(new WeakReference<>(server.sessions().get(id)));
        List<Socket> sockets = new ArrayList<>();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Integer>> epochs = new ArrayList<>();
        for (String id : ids) {
            Socket s = new Socket("127.0.0.1", server.port());
            sockets.add(s);
            epochs.add(pool.submit(() -> readFrames(s, id, 3)));
        }
        for (Future<Integer> f : epochs) assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(2);
        pool.shutdown();
        assertThat(request("POST", "/api/playground/sessions", "").status()).as("the table is full").isEqualTo(503);
        for (Socket s : sockets) s.close(); // the tabs close mid-stream
        long until = System.currentTimeMillis() + 20_000;
        while (server.sessions().size() > 0 && System.currentTimeMillis() < until) Thread.sleep(50);
        assertThat(server.sessions().size()).isZero();
        until = System.currentTimeMillis() + 20_000;
        while (refs.stream().anyMatch(r -> r.get() != null) && System.currentTimeMillis() < until) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(refs).allMatch(r -> r.get() == null, "every closed session's network was collected");
    }

    @Test
    void aSessionNeverStreamedIsReapedAndOnePastItsLifetimeEnds() throws Exception {
        server.close();
        PlaygroundSessions sessions = new PlaygroundSessions(4, 1_500);
        server = NablaServer.start(tmp.resolve("runs"), "127.0.0.1", 0, sessions);
        String id = createSession("");
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/playground/sessions/" + id + "/stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            long t0 = System.currentTimeMillis();
            in.readAllBytes(); // the server ends the stream at the session's lifetime
            assertThat(System.currentTimeMillis() - t0).isLessThan(8_000);
        }
        assertThat(sessions.get(id)).isNull();
        String unclaimed = createSession("");
        sessions.reap();
        assertThat(sessions.get(unclaimed)).as("within its lifetime").isNotNull();
        Thread.sleep(1_600);
        sessions.reap();
        assertThat(sessions.get(unclaimed)).isNull();
    }
}

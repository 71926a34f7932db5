package org.nabla.serve.playground;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.nabla.io.Json;
import org.nabla.serve.http.EventStream;
import org.nabla.tensor.RunContext;

/**
 * One browser tab's playground: its settings, data and network, trained by the thread that streams it. Commands
 * (play, pause, step, reset) and a new learning rate or regularisation ({@link #update}) only set flags; the streaming
 * thread applies them between frames, so the network is only ever touched by one thread. A frame (the output's heat
 * map, every node's thumbnail, the weights, both losses) goes out at most {@link #FPS} times a second (by default);
 * while playing, each frame trains for up to {@link #TRAIN_MS} ms (at least one epoch); without a cap, one epoch.
 */
public final class PlaygroundSession {
    static final int FPS = 30;
    static final long TRAIN_MS = 25;
    private final String id;
    private volatile PlaygroundSettings settings;
    /** A learning rate or regularisation that the next frame gives the network, or null. */
    private final java.util.concurrent.atomic.AtomicReference<PlaygroundSettings> pending = new java.util.concurrent.atomic.AtomicReference<>();
    private final PlaygroundData data;
    private final long created = System.currentTimeMillis();
    private PlaygroundNetwork network;
    private long weightSeed;
    private volatile boolean playing, reset, closed, streaming;
    private final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicInteger steps = new AtomicInteger();
    private int frames;

    PlaygroundSession(String id, PlaygroundSettings settings) {
        this.id = id;
        this.settings = settings;
        this.data = PlaygroundData.generate(settings);
        this.weightSeed = settings.seed();
        this.network = new PlaygroundNetwork(settings, data, weightSeed);
    }

    public String id() { return id; }
    public PlaygroundSettings settings() { return settings; }
    long created() { return created; }
    boolean streaming() { return streaming; }
    boolean closed() { return closed; }

    /** Claims the session for one stream: false when another stream had it (a session is streamed once). */
    boolean claim() { return claimed.compareAndSet(false, true); }

    /** Applies a command from the page: play, pause, step or reset; false for an unknown one. */
    public boolean command(String name) {
        switch (name) {
            case "play" -> playing = true;
            case "pause" -> playing = false;
            case "step" -> {
                playing = false;
                steps.incrementAndGet();
            }
            case "reset" -> {
                playing = false;
                reset = true;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Changes the learning rate and regularisation to {@code next}'s (validated by {@link PlaygroundSettings#live}):
     * the network trains on with its weights from the next frame; a reset keeps them too.
     */
    public synchronized void update(PlaygroundSettings next) {
        if (!next.withTraining(settings.learningRate(), settings.regularization(), settings.regularizationRate()).sameAs(settings))
            throw new IllegalArgumentException("only the learning rate and the regularisation change a running network");
        settings = next;
        pending.set(next);
    }

    /** Ends the session; its stream stops at the next frame. */
    void close() { closed = true; }

    /**
     * Streams the data, then frames, until the session is closed, {@code deadline} (epoch ms) passes or the client
     * leaves (IOException). The training and each frame run on {@code trainers} (platform threads, as many as the
     * cores) while this virtual thread waits: CPU-bound virtual threads kept their carriers from the HTTP requests
     * (20 playing sessions on 2 cores delayed a "play" by seconds, and the sessions it started got 6 frames in 10 s
     * where the first got 100). The kernels run in {@code kernels}, a one-thread context: a tiny network's ops split
     * across a worker team only waited for it on a busy machine (by default; {@link PlaygroundSessions} may give more).
     * At most {@code fps} frames a second, 0: no cap.
     */
    void stream(EventStream out, long deadline, ExecutorService trainers, RunContext kernels, int fps) throws IOException {
        streaming = true;
        try {
            out.send("data", Json.write(points()));
            boolean first = true;
            long lastSent = 0;
            while (!closed && System.currentTimeMillis() < deadline && !Thread.currentThread().isInterrupted()) {
                long start = System.currentTimeMillis();
                boolean force = first;
                long trainMs = fps > 0 ? TRAIN_MS : 0;
                String frame = trainers.submit(() -> kernels.call(() -> advance(force, trainMs))).get();
                first = false;
                if (frame != null) {
                    out.send("frame", frame);
                    lastSent = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - lastSent > 5000) {
                    out.ping(); // finds a closed tab while paused
                    lastSent = System.currentTimeMillis();
                }
                if (fps > 0) Thread.sleep(Math.max(1000 / fps - (System.currentTimeMillis() - start), 1));
                else if (frame == null) Thread.sleep(1000 / FPS); // paused: nothing to draw
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("playground session " + id + ": " + e.getCause(), e.getCause());
        } catch (RejectedExecutionException e) { // the server stops
            closed = true;
        } finally {
            streaming = false;
        }
    }

    /** Applies the pending commands and trains; the frame as JSON when something changed (or {@code force}), else null. */
    String advance(boolean force) { return advance(force, TRAIN_MS); }

    /** As {@link #advance(boolean)}, training for up to {@code trainMs} ms while playing (at least one epoch). */
    String advance(boolean force, long trainMs) {
        long start = System.currentTimeMillis();
        boolean changed = force;
        PlaygroundSettings next = pending.getAndSet(null);
        if (next != null) {
            network.setTraining(next);
            changed = true;
        }
        if (reset) {
            reset = false;
            weightSeed = weightSeed * 31 + 17;
            network = new PlaygroundNetwork(network.settings(), data, weightSeed);
            changed = true;
        }
        if (playing) {
            do network.trainEpoch(); while (playing && System.currentTimeMillis() - start < trainMs);
            changed = true;
        } else if (steps.get() > 0) {
            steps.decrementAndGet();
            network.trainEpoch();
            changed = true;
        }
        return changed ? Json.write(frame()) : null;
    }

    /** The frames sent so far. */
    public int frames() { return frames; }

    /** The network (for tests: only the streaming thread may train it). */
    PlaygroundNetwork network() { return network; }

    private Map<String, Object> points() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", settings.toJson());
        m.put("train", flat(data.train()));
        m.put("test", flat(data.test()));
        m.put("grid", PlaygroundNetwork.GRID);
        m.put("thumb", PlaygroundNetwork.THUMB);
        m.put("extent", PlaygroundNetwork.EXTENT);
        return m;
    }

    private static List<Double> flat(List<PlaygroundData.Point> points) {
        List<Double> out = new ArrayList<>(points.size() * 3);
        for (var p : points) {
            out.add(Math.round(p.x() * 1000) / 1000.0);
            out.add(Math.round(p.y() * 1000) / 1000.0);
            out.add(Math.round(p.label() * 1000) / 1000.0);
        }
        return out;
    }

    /** The network's state now: losses, the output on the grid, each node's thumbnail, the weights. */
    Map<String, Object> frame() {
        frames++;
        double[] losses = network.losses();
        float[][][] values = network.gridValues();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", network.epoch());
        m.put("trainLoss", finite(losses[0]));
        m.put("testLoss", finite(losses[1]));
        m.put("playing", playing);
        PlaygroundSettings now = network.settings();
        m.put("lr", network.learningRate());
        m.put("reg", now.regularization());
        m.put("regRate", now.regularizationRate());
        float[][] output = values[values.length - 1];
        m.put("boundary", encode(output[0], PlaygroundNetwork.GRID, 1));
        List<List<String>> nodes = new ArrayList<>();
        int step = PlaygroundNetwork.GRID / PlaygroundNetwork.THUMB;
        for (float[][] layer : values) {
            List<String> thumbs = new ArrayList<>();
            for (float[] node : layer) thumbs.add(encode(node, PlaygroundNetwork.THUMB, step));
            nodes.add(thumbs);
        }
        m.put("nodes", nodes);
        List<List<List<Double>>> weights = new ArrayList<>();
        for (float[][] w : network.weightValues()) {
            List<List<Double>> rows = new ArrayList<>();
            for (float[] row : w) {
                List<Double> r = new ArrayList<>();
                for (float v : row) r.add(Math.round(v * 1000) / 1000.0);
                rows.add(r);
            }
            weights.add(rows);
        }
        m.put("weights", weights);
        return m;
    }

    private static Double finite(double v) { return Double.isFinite(v) ? v : null; }

    /**
     * A square of {@code size}² cells sampled every {@code step} cells of the grid, each value clamped to [-1, 1] and
     * stored as a byte (0 = -1, 255 = 1), in base64.
     */
    static String encode(float[] grid, int size, int step) {
        byte[] b = new byte[size * size];
        int offset = step / 2;
        for (int r = 0; r < size; r++)
            for (int c = 0; c < size; c++) {
                float v = grid[(r * step + (step > 1 ? offset : 0)) * PlaygroundNetwork.GRID + c * step + (step > 1 ? offset : 0)];
                double clamped = Float.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v));
                b[r * size + c] = (byte) Math.round((clamped + 1) * 127.5);
            }
        return Base64.getEncoder().encodeToString(b);
    }
}

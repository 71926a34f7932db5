package org.nabla.train;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows training progress. Live (on a terminal): one line rewritten with a carriage return at most ten times a
 * second: the epoch, a bar, batch/total, running loss and accuracy, samples/s and the epoch's ETA, finished by a
 * newline with the epoch's metrics. Plain (a file or pipe): one line per epoch and no carriage returns.
 */
public final class Progress implements Callback {
    private static final int BAR = 24;
    private static final long INTERVAL_NS = 100_000_000L;
    private final PrintWriter out;
    private final boolean live;
    private long lastDraw;

    public Progress(PrintWriter out, boolean live) {
        this.out = out;
        this.live = live;
    }

    public Progress(PrintStream out, boolean live) { this(new PrintWriter(out, false), live); }

    /** Live when standard output is a terminal, plain otherwise. */
    public static Progress auto(PrintStream out) { return new Progress(out, isTerminal()); }

    /** Live when standard output is a terminal, plain otherwise. */
    public static Progress auto(PrintWriter out) { return new Progress(out, isTerminal()); }

    /** Whether the JVM's standard streams are a terminal (since JDK 22 a console exists even when redirected). */
    public static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public void onBatchEnd(TrainContext ctx) {
        if (!live) return;
        long now = System.nanoTime();
        if (now - lastDraw < INTERVAL_NS && ctx.batch() < ctx.batches()) return;
        lastDraw = now;
        Map<String, Double> l = ctx.logs();
        int done = ctx.batches() == 0 ? BAR : (int) ((long) BAR * ctx.batch() / ctx.batches());
        double seconds = l.get("seconds"), rate = l.get("samples") / Math.max(seconds, 1e-9);
        double eta = ctx.batch() == 0 ? 0 : seconds / ctx.batch() * (ctx.batches() - ctx.batch());
        StringBuilder metrics = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", l.get("loss")));
        for (String m : ctx.trainer().metricNames()) metrics.append(String.format(Locale.ROOT, " %s %.4f", shortName(m), l.get(m)));
        out.print(String.format(Locale.ROOT, "\rEpoch %d [%s%s] %d/%d %s %.0f samples/s ETA %s  ", ctx.epoch(),
                "=".repeat(done), " ".repeat(BAR - done), ctx.batch(), ctx.batches(), metrics, rate, time(eta)));
        out.flush();
    }


    @Override
    public void onEpochEnd(TrainContext ctx) {
        if (live) out.print("\r");
        out.println(line(ctx.logs(), ctx.trainer().metricNames()));
        out.flush();
    }

    /** The epoch summary printed in both modes: the losses and the task's metrics (accuracy as "acc"). */
    static String line(Map<String, Double> l, List<String> metrics) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Epoch %d: loss %.4f", l.get("epoch").longValue(), l.get("train_loss")));
        for (String m : metrics) s.append(String.format(Locale.ROOT, " %s %.4f", shortName(m), l.get("train_" + m)));
        if (l.containsKey("val_loss")) {
            s.append(String.format(Locale.ROOT, " val_loss %.4f", l.get("val_loss")));
            for (String m : metrics) s.append(String.format(Locale.ROOT, " val_%s %.4f", shortName(m), l.get("val_" + m)));
        }
        s.append(String.format(Locale.ROOT, " lr %.3g %.0f samples/s %.1fs", l.get("lr"), l.get("samples_per_s"), l.get("seconds")));
        return s.toString();
    }

    private static String shortName(String metric) { return metric.equals("accuracy") ? "acc" : metric; }

    private static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

package org.nabla.train;

/** Which way a monitored metric improves; AUTO picks MAX for names containing "acc", else MIN (as Keras). */
public enum Monitor {
    MIN, MAX, AUTO;

    Monitor resolve(String metric) { return this != AUTO ? this : metric.contains("acc") ? MAX : MIN; }

    /** Whether {@code current} beats {@code best} by more than {@code minDelta}. */
    boolean improves(double current, double best, double minDelta) {
        if (Double.isNaN(current)) return false;
        return this == MAX ? current - minDelta > best : current + minDelta < best;
    }

    double worst() { return this == MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY; }

    static double value(TrainContext ctx, String metric) {
        Double v = ctx.logs().get(metric);
        if (v == null) throw new IllegalArgumentException("Monitored metric '" + metric + "' is not in the epoch logs " + ctx.logs().keySet());
        return v;
    }
}

package org.nabla.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.metrics.Metric;

/** The running totals of one loop over batches (a training epoch or an evaluation): loss, samples and metrics. */
final class Tally {
    private final List<Metric> metrics;
    private double lossSum, lossWeight;
    private long samples;

    Tally(List<Metric> metrics) {
        this.metrics = metrics;
        for (Metric m : metrics) m.reset();
    }

    void add(StepResult r) {
        lossSum += r.lossSum();
        lossWeight += r.lossWeight();
        samples += r.samples();
        if (r.output() != null) for (Metric m : metrics) m.update(r.output(), r.target());
    }

    /** The mean loss per unit; NaN before any. */
    double loss() { return lossWeight == 0 ? Double.NaN : lossSum / lossWeight; }

    long samples() { return samples; }

    /** Each metric's value by {@code prefix + name}. */
    Map<String, Double> metrics(String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric m : metrics) out.put(prefix + m.name(), m.compute());
        return out;
    }
}

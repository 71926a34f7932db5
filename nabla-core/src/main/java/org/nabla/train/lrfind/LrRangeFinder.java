package org.nabla.train.lrfind;

import java.util.Arrays;
import java.util.Iterator;
import org.nabla.data.Batch;
import org.nabla.data.DataLoader;
import org.nabla.nn.Module;
import org.nabla.nn.loss.Loss;
import org.nabla.optim.Optimizer;
import org.nabla.optim.ParamGroup;

/**
 * Smith's learning-rate range test (2017): one step per rate while the rate grows exponentially from {@code start}
 * to {@code end}, the loss smoothed by an exponential moving average with bias correction, stopping once the smoothed
 * loss passes {@code divergence} times its minimum. The model and optimizer are trained by it: use fresh ones after.
 *
 * <p>The suggested rate is the steepest descent of the smoothed loss against log(rate) before its minimum, when
 * there is a clear one (the loss falls there); else the rate at the minimum divided by 10. {@link Result#rule}
 * says which.
 */
public final class LrRangeFinder {
    /** The ramp: from {@code start} to {@code end} in {@code steps} steps; EMA factor {@code beta}; stop at {@code divergence} × the minimum. */
    public record Options(double start, double end, int steps, double beta, double divergence) {
        public Options {
            if (!(start > 0) || !(end > start)) throw new IllegalArgumentException("LrRangeFinder: need 0 < start < end, got " + start + " and " + end);
            if (steps < 10) throw new IllegalArgumentException("LrRangeFinder: need at least 10 steps, got " + steps);
            if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("LrRangeFinder: beta must be in [0, 1), got " + beta);
            if (!(divergence > 1)) throw new IllegalArgumentException("LrRangeFinder: divergence must be above 1, got " + divergence);
        }

        /** 1e-7 to 10 in 100 steps, beta 0.98, stop at 4× the minimum (fastai's). */
        public static Options defaults() { return new Options(1e-7, 10, 100, 0.98, 4); }

        public Options withRange(double s, double e, int n) { return new Options(s, e, n, beta, divergence); }
    }

    /** How the suggestion was chosen. */
    public enum Rule {
        STEEPEST("steepest descent of the smoothed loss"), MIN_OVER_10("minimum of the smoothed loss / 10");

        private final String description;

        Rule(String description) { this.description = description; }

        public String description() { return description; }
    }

    /**
     * The rates tried, the raw and smoothed losses, whether the run stopped on divergence, the rate at the steepest
     * descent (NaN if none), the rate at the minimum, and the suggestion with its rule.
     */
    public record Result(double[] rates, double[] losses, double[] smoothed, boolean diverged, double steepest, double minimum,
                         double suggested, Rule rule) {}

    private LrRangeFinder() {}

    /** Runs the test: {@code loss(model(x), y)} per batch of {@code loader}, cycling through it as needed. */
    public static Result run(Module model, Optimizer optimizer, Loss loss, DataLoader loader, Options o) {
        double[] rates = new double[o.steps()], raw = new double[o.steps()], smooth = new double[o.steps()];
        double average = 0, best = Double.POSITIVE_INFINITY;
        int n = 0;
        boolean diverged = false;
        model.train();
        DataLoader.Epoch epoch = loader.iterator();
        try {
            for (int i = 0; i < o.steps(); i++) {
                if (!epoch.hasNext()) {
                    epoch.close();
                    epoch = loader.iterator();
                }
                Batch b = epoch.next();
                double lr = o.start() * Math.pow(o.end() / o.start(), i / (o.steps() - 1.0));
                for (ParamGroup g : optimizer.paramGroups()) g.setLr(lr);
                optimizer.zeroGrad();
                var l = loss.call(model.call(b.x()), b.y());
                double value = l.item();
                rates[i] = lr;
                raw[i] = value;
                n = i + 1;
                if (!Double.isFinite(value)) {
                    smooth[i] = value;
                    diverged = true;
                    break;
                }
                average = o.beta() * average + (1 - o.beta()) * value;
                smooth[i] = average / (1 - Math.pow(o.beta(), i + 1));
                best = Math.min(best, smooth[i]);
                if (i > 0 && smooth[i] > o.divergence() * best) {
                    diverged = true;
                    break;
                }
                l.backward();
                optimizer.step();
            }
        } finally {
            epoch.close();
            optimizer.zeroGrad();
        }
        return suggest(Arrays.copyOf(rates, n), Arrays.copyOf(raw, n), Arrays.copyOf(smooth, n), diverged);
    }

    /** Reads the suggestion off a finished ramp (see the class comment). */
    static Result suggest(double[] rates, double[] raw, double[] smooth, boolean diverged) {
        int usable = smooth.length;
        while (usable > 0 && !Double.isFinite(smooth[usable - 1])) usable--;
        if (usable < 3) throw new IllegalStateException("LrRangeFinder: the loss diverged within " + usable + " steps; start the ramp lower");
        int min = 0;
        for (int i = 1; i < usable; i++) if (smooth[i] < smooth[min]) min = i;
        // slope of the smoothed loss against log(rate), by central differences; the first tenth is left out (the EMA warms up)
        int from = Math.max(1, usable / 10), steepest = -1;
        double slope = 0;
        for (int i = from; i < min; i++) {
            double s = (smooth[i + 1] - smooth[i - 1]) / (Math.log(rates[i + 1]) - Math.log(rates[i - 1]));
            if (s < slope) {
                slope = s;
                steepest = i;
            }
        }
        double minimum = rates[min], steep = steepest < 0 ? Double.NaN : rates[steepest];
        boolean clear = steepest >= 0 && smooth[min] < 0.9 * smooth[from];
        return new Result(rates, raw, smooth, diverged, steep, minimum, clear ? steep : minimum / 10, clear ? Rule.STEEPEST : Rule.MIN_OVER_10);
    }
}

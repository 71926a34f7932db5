package org.nabla.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nabla.metrics.ConfusionMatrix;

/**
 * The run folder's PNG charts, drawn with XChart: the training curves per step (from steps.csv, with the validation
 * points per epoch) and the test confusion matrix.
 */
final class Plots {
    private static final int WIDTH = 800, HEIGHT = 500;

    static {
        System.setProperty("java.awt.headless", "true"); // no display on servers and CI
    }

    private Plots() {}

    /** One training curve: a column of steps.csv, and the validation metric of the epoch logs. */
    record Curve(String title, String yLabel, String stepColumn, String valMetric, double scale, boolean logarithmic) {
        /** The same curve with another y-axis label (the loss's name). */
        Curve withYLabel(String label) { return new Curve(title, label, stepColumn, valMetric, scale, logarithmic); }
    }

    /** The loss on a log axis (when positive), where the last epochs' progress and the validation gap stay visible. */
    static final Curve LOSS = new Curve("Loss", "cross-entropy", "loss", "val_loss", 1, true);
    static final Curve ACCURACY = new Curve("Accuracy", "accuracy (%)", "accuracy", "val_accuracy", 100, false);
    private static final Color TRAIN = new Color(0x1F77B4), TRAIN_RAW = new Color(0x1F, 0x77, 0xB4, 0x55), VALIDATION = new Color(0xFF7F0E);
    /** The smoothed line averages about a twentieth of the run's points (half of it on each side). */
    private static final int SMOOTHING_SHARE = 40;
    /** The log axis's tick format. */
    static final String LOG_TICKS = "#,##0.##########";

    /**
     * {@code curve} against the epoch at step resolution: the rows of steps.csv as a thin line, their moving average
     * as a thick one, and the validation value at each epoch's end (when the run had a validation split).
     */
    static void trainingCurve(Path stepsCsv, List<Map<String, Double>> history, Curve curve, Path png) {
        save(trainingChart(stepsCsv, history, curve), png);
    }

    /** The chart {@link #trainingCurve} draws. */
    static XYChart trainingChart(Path stepsCsv, List<Map<String, Double>> history, Curve curve) {
        StepRows rows = StepRows.read(stepsCsv, curve.stepColumn());
        double[] y = new double[rows.values().length];
        for (int i = 0; i < y.length; i++) y[i] = rows.values()[i] * curve.scale();
        boolean log = curve.logarithmic() && y.length > 0 && Arrays.stream(y).allMatch(v -> v > 0);
        double[] smooth = smoothed(log ? Arrays.stream(y).map(Math::log).toArray() : y, Math.max(2, y.length / SMOOTHING_SHARE));
        if (log) smooth = Arrays.stream(smooth).map(Math::exp).toArray(); // a loss's noise is relative: average its logarithm
        List<Double> valX = new ArrayList<>(), valY = new ArrayList<>();
        for (Map<String, Double> h : history) {
            Double v = h.get(curve.valMetric()), epoch = h.get("epoch");
            if (v != null && Double.isFinite(v) && epoch != null && rows.lastStepOfEpoch().containsKey(epoch.intValue())) {
                valX.add(epoch);
                valY.add(v * curve.scale());
            }
        }
        long steps = rows.lastStep();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(curve.title() + " per step (" + history.size() + " epoch"
                + (history.size() == 1 ? "" : "s") + ", " + String.format(java.util.Locale.ROOT, "%,d", steps) + " steps)")
                .xAxisTitle("epoch").yAxisTitle(curve.yLabel()).build();
        double[] x = rows.epochs();
        double lastEpoch = x.length == 0 ? 1 : Math.ceil(x[x.length - 1]);
        log &= valY.stream().allMatch(v -> v > 0);
        double[] range = log ? decades(smooth, valY) : yRange(smooth, valY, curve.scale() == 100);
        var styler = chart.getStyler();
        if (log) {
            chart.setYAxisTitle(curve.yLabel() + " (log scale)");
            styler.setYAxisLogarithmic(true);
            styler.setYAxisDecimalPattern(LOG_TICKS); // 0.0001, not 1E-4
            styler.setYAxisLogarithmicDecadeOnly(range[1] / range[0] > 100); // label 2, 3, 5... when under two decades
        } else {
            styler.setyAxisTickLabelsFormattingFunction(v -> tickLabel(v, range[1] - range[0]));
        }
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(lastEpoch);
        styler.setYAxisMin(range[0]);
        styler.setYAxisMax(range[1]);
        styler.setxAxisTickLabelsFormattingFunction(v -> tickLabel(v, lastEpoch));
        styler.setLegendPosition(curve.scale() == 100 ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xE0E0E0));
        styler.setPlotBorderVisible(false);
        styler.setMarkerSize(7);
        if (x.length > 0) {
            String every = rows.stepsPerRow() == 1 ? "each step" : "per " + rows.stepsPerRow() + " steps";
            line(chart.addSeries("train (" + every + ")", x, y), TRAIN_RAW, 1f);
            line(chart.addSeries("train (smoothed)", x, smooth), TRAIN, 2.5f);
        }
        if (!valX.isEmpty()) {
            XYSeries val = chart.addSeries("validation (per epoch)", valX, valY);
            val.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(VALIDATION).setLineColor(VALIDATION);
            val.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, new float[] {4, 4}, 0));
        }
        return chart;
    }

    private static void line(XYSeries s, Color color, float width) {
        s.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }

    /**
     * The rows of steps.csv that have a value in one column: each row's first and last step (a row covers the steps
     * since the row before), epoch and value, and the last step of every epoch.
     */
    record StepRows(long[] from, long[] to, int[] epochOf, double[] values, Map<Integer, Long> lastStepOfEpoch) {
        static StepRows read(Path csv, String column) {
            List<String> lines;
            try {
                lines = java.nio.file.Files.readAllLines(csv);
            } catch (IOException e) {
                throw new UncheckedIOException(csv + ": cannot read: " + e.getMessage(), e);
            }
            List<String> header = List.of(lines.getFirst().split(","));
            int col = header.indexOf(column), stepCol = header.indexOf("step"), epochCol = header.indexOf("epoch");
            List<long[]> rows = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            Map<Integer, Long> last = new java.util.HashMap<>();
            long previous = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                long step = Long.parseLong(f[stepCol]);
                int epoch = Integer.parseInt(f[epochCol]);
                last.put(epoch, step);
                if (col >= 0 && !f[col].isEmpty() && Double.isFinite(Double.parseDouble(f[col]))) {
                    rows.add(new long[] {previous + 1, step, epoch});
                    values.add(Double.parseDouble(f[col]));
                }
                previous = step;
            }
            return new StepRows(rows.stream().mapToLong(r -> r[0]).toArray(), rows.stream().mapToLong(r -> r[1]).toArray(),
                    rows.stream().mapToInt(r -> (int) r[2]).toArray(), values.stream().mapToDouble(Double::doubleValue).toArray(), last);
        }

        /**
         * Each row's position in epochs, at the middle of the steps it covers: step s of an epoch of n steps spans
         * (s - 1) / n .. s / n of it, so a validation point at the epoch's end falls after its last step.
         */
        double[] epochs() {
            double[] x = new double[to.length];
            for (int i = 0; i < x.length; i++) {
                int e = epochOf[i];
                long end = lastStepOfEpoch.get(e);
                Long previous = lastStepOfEpoch.get(e - 1);
                double start = previous != null ? previous : e == 1 ? 0 : end * (e - 1.0) / e; // a resumed log may lack it
                x[i] = e - 1 + ((from[i] + to[i]) / 2.0 - 0.5 - start) / (end - start);
            }
            return x;
        }

        /** The steps the first row covers. */
        int stepsPerRow() { return to.length == 0 ? 1 : (int) (to[0] - from[0] + 1); }

        /** The last step logged. */
        long lastStep() { return lastStepOfEpoch.values().stream().mapToLong(Long::longValue).max().orElse(0); }
    }

    /**
     * A local linear fit over the {@code 2 * half + 1} points around each point (cut at the ends): a centred moving
     * average inside the run, and at its start and end a line through the last points rather than a pull towards the
     * middle of the run or the last step's noise.
     */
    static double[] smoothed(double[] y, int half) {
        int n = y.length;
        double[] sy = new double[n + 1], sxy = new double[n + 1], out = new double[n];
        for (int i = 0; i < n; i++) {
            sy[i + 1] = sy[i] + y[i];
            sxy[i + 1] = sxy[i] + i * y[i];
        }
        for (int i = 0; i < n; i++) {
            int from = Math.max(0, i - half), to = Math.min(n, i + half + 1), m = to - from;
            double meanX = (from + to - 1) / 2.0, meanY = (sy[to] - sy[from]) / m;
            double sxx = m * (m * (double) m - 1) / 12; // sum of (x - meanX)^2 over m consecutive integers
            double slope = m < 2 ? 0 : (sxy[to] - sxy[from] - m * meanX * meanY) / sxx;
            out[i] = meanY + slope * (i - meanX);
        }
        return out;
    }

    /** A log axis from the decade below the smoothed line and the validation points to a quarter above them. */
    static double[] decades(double[] smooth, List<Double> val) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : smooth) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        for (double v : val) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        return new double[] {Math.pow(10, Math.floor(Math.log10(lo))), hi * 1.25};
    }

    /**
     * The y axis: from 0 (a loss) or below the lowest point (accuracy, up to 100) to a round value above the smoothed
     * line and the validation points, so that the early noisy steps do not flatten the rest.
     */
    static double[] yRange(double[] smooth, List<Double> val, boolean percent) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : smooth) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        for (double v : val) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (!(lo <= hi)) return percent ? new double[] {0, 100} : new double[] {0, 1};
        if (percent) {
            double step = niceStep((100 - lo) / 5);
            return new double[] {Math.max(0, Math.floor(lo / step) * step - step), 100};
        }
        double top = Math.max(hi, 0) * 1.05;
        double step = niceStep(top / 5);
        return new double[] {Math.min(0, lo), top == 0 ? 1 : Math.ceil(top / step) * step};
    }

    /** 1, 2 or 5 times a power of ten, about {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) return 1;
        double pow = Math.pow(10, Math.floor(Math.log10(rough))), f = rough / pow;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow;
    }

    /**
     * A tick's label on an axis spanning {@code range}: the value rounded to a thousandth of the range's order of
     * magnitude, without trailing zeros ("0.2", not "0.20000000000000004" or "0.200").
     */
    static String tickLabel(double value, double range) {
        int decimals = (int) Math.max(0, 3 - Math.floor(Math.log10(range > 0 && Double.isFinite(range) ? range : 1)));
        String label = java.math.BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        return label.equals("-0") ? "0" : label;
    }

    /** The confusion matrix as a heat map: true class down, predicted class across, counts in the cells. */
    static void confusion(ConfusionMatrix m, List<String> classNames, Path png) {
        int n = m.numClasses();
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(WIDTH, 60 * n)).height(Math.max(HEIGHT + 100, 55 * n))
                .title("Confusion matrix (test)").xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPlotContentSize(1);
        chart.getStyler().setRangeColors(new java.awt.Color[] {new java.awt.Color(0xF7FBFF), new java.awt.Color(0x6BAED6), new java.awt.Color(0x08306B)});
        List<String> names = List.copyOf(classNames);
        List<Number[]> cells = new ArrayList<>();
        long[][] counts = m.counts();
        // XChart draws y upwards: row 0 (the first true class) goes at the top.
        List<String> yNames = new ArrayList<>(names).reversed();
        for (int t = 0; t < n; t++)
            for (int p = 0; p < n; p++) cells.add(new Number[] {p, n - 1 - t, counts[t][p]});
        chart.addSeries("counts", names, yNames, cells);
        save(chart, png);
    }

    /**
     * A seq2seq model's attention for one example as a heat map: the source characters across, the output characters
     * down (first at the top), cell (t, s) the weight output t gave source s (each row sums to 1); spaces drawn as ␣.
     */
    static void attention(double[][] weights, String source, String output, Path png) { save(attentionChart(weights, source, output), png); }

    /** The chart {@link #attention} draws. */
    static HeatMapChart attentionChart(double[][] weights, String source, String output) {
        int rows = output.length(), cols = source.length();
        if (weights.length != rows || (rows > 0 && weights[0].length != cols))
            throw new IllegalArgumentException("attention heat map: " + weights.length + " x " + (rows > 0 ? weights[0].length : 0) + " weights for "
                    + rows + " output and " + cols + " source characters");
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(400, 34 * cols + 160)).height(Math.max(300, 34 * rows + 140))
                .title("Attention: " + source.strip() + " → " + output.strip()).xAxisTitle("source").yAxisTitle("output").build();
        chart.getStyler().setPlotContentSize(1);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xFFFFFF), new Color(0x6BAED6), new Color(0x08306B)});
        List<String> xNames = labels(source), yNames = labels(output).reversed(); // XChart draws y upwards
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < rows; t++)
            for (int s = 0; s < cols; s++) cells.add(new Number[] {s, rows - 1 - t, weights[t][s]});
        chart.addSeries("attention", xNames, yNames, cells);
        return chart;
    }

    /** One axis label per character; XChart needs distinct categories, so a repeated character gets zero-width spaces. */
    private static List<String> labels(String chars) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (char c : chars.toCharArray()) {
            String label = c == ' ' ? "\u2423" : String.valueOf(c);
            while (!seen.add(label)) label += "\u200B";
            out.add(label);
        }
        return out;
    }

    /**
     * An RL run's return per episode against the environment step it ended at: each episode as a thin line, the
     * moving average of the last {@code window} episodes as a thick one, and the greedy evaluations as points.
     */
    static void returns(String title, long[] episodeEnds, double[] returns, int window, long[] evalSteps, double[] evalMeans, Path png) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("environment steps").yAxisTitle("return").build();
        double[] x = Arrays.stream(episodeEnds).asDoubleStream().toArray(), average = new double[returns.length];
        double sum = 0;
        for (int i = 0; i < returns.length; i++) {
            sum += returns[i] - (i >= window ? returns[i - window] : 0);
            average[i] = sum / Math.min(i + 1, window);
        }
        if (x.length > 0) {
            line(chart.addSeries("episode return", x, returns), TRAIN_RAW, 1f);
            line(chart.addSeries("moving average (" + window + " episodes)", x, average), TRAIN, 2.5f);
        }
        if (evalSteps.length > 0) {
            XYSeries eval = chart.addSeries("greedy evaluation (mean)", Arrays.stream(evalSteps).asDoubleStream().toArray(), evalMeans);
            eval.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(VALIDATION).setLineColor(VALIDATION);
            eval.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, new float[] {4, 4}, 0));
        }
        styleRl(chart);
        save(chart, png);
    }

    /**
     * Cumulative regret against the step for several bandit policies ({@code curves}: name → values at
     * {@code steps}), with a fitted a + b·ln t drawn dashed over the named curve. Both axes are logarithmic: linear
     * regret (ε-greedy) is a line of slope 1, logarithmic regret bends flat, and curves a hundred times apart stay
     * readable (values below 0.01 are drawn at 0.01).
     */
    static void regret(String title, double[] steps, Map<String, double[]> curves, String fitted, double[] fit, Path png) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("step (log scale)")
                .yAxisTitle("cumulative regret (log scale)").build();
        Color[] colors = {TRAIN, VALIDATION, new Color(0x2CA02C), new Color(0xD62728)};
        int i = 0;
        for (Map.Entry<String, double[]> e : curves.entrySet()) line(chart.addSeries(e.getKey(), steps, floor(e.getValue())), colors[i++ % colors.length], 2f);
        if (fit != null) {
            XYSeries f = chart.addSeries(fitted, steps, floor(fit));
            f.setMarker(SeriesMarkers.NONE).setLineColor(Color.BLACK);
            f.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, new float[] {6, 4}, 0));
        }
        styleRl(chart);
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setXAxisLogarithmic(true);
        styler.setYAxisLogarithmic(true);
        styler.setXAxisDecimalPattern(LOG_TICKS);
        styler.setYAxisDecimalPattern(LOG_TICKS);
        styler.setxAxisTickLabelsFormattingFunction(null);
        save(chart, png);
    }

    private static double[] floor(double[] values) { return Arrays.stream(values).map(v -> Math.max(v, 0.01)).toArray(); }

    private static void styleRl(XYChart chart) {
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xE0E0E0));
        styler.setPlotBorderVisible(false);
        styler.setxAxisTickLabelsFormattingFunction(v -> String.format(java.util.Locale.ROOT, "%,.0f", v));
    }

    /** Points [x0, y0, x1, y1, ...] (a t-SNE embedding) as a scatter plot, one colour and legend entry per class. */
    static void scatter(double[] y, int[] labels, List<String> classNames, String title, Path png) {
        XYChart chart = new XYChartBuilder().width(900).height(800).title(title).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int c = 0; c < classNames.size(); c++) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < labels.length; i++)
                if (labels[i] == c) {
                    xs.add(y[2 * i]);
                    ys.add(y[2 * i + 1]);
                }
            if (!xs.isEmpty()) chart.addSeries(classNames.get(c), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, png);
    }

    private static void save(Chart<?, ?> chart, Path png) {
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG); // appends nothing: the name ends in .png
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write the chart: " + e.getMessage(), e);
        }
    }
}

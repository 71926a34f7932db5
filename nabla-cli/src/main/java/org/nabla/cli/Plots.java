package org.nabla.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nabla.metrics.ConfusionMatrix;

/** The run folder's PNG charts, drawn with XChart: learning curves per epoch and the test confusion matrix. */
final class Plots {
    private static final int WIDTH = 800, HEIGHT = 500;

    static {
        System.setProperty("java.awt.headless", "true"); // no display on servers and CI
    }

    private Plots() {}

    /** One line per metric present in the history (e.g. train_loss and val_loss) against the epoch. */
    static void curves(List<Map<String, Double>> history, String title, String yLabel, List<String> metrics, Path png) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yLabel).build();
        chart.getStyler().setXAxisDecimalPattern("0");
        for (String metric : metrics) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (Map<String, Double> h : history) {
                Double v = h.get(metric);
                if (v == null || !Double.isFinite(v)) continue;
                x.add(h.get("epoch"));
                y.add(v);
            }
            if (!x.isEmpty()) chart.addSeries(metric, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, png);
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

    private static void save(Chart<?, ?> chart, Path png) {
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG); // appends nothing: the name ends in .png
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write the chart: " + e.getMessage(), e);
        }
    }
}

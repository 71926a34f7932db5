package org.nabla.cli.lab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The labs' (and lr-find's) charts, drawn with XChart into PNGs: lines, scatter plots and decision regions. */
public final class Charts {
    static final int WIDTH = 900, HEIGHT = 560;
    /** Distinct colours (matplotlib's tab10). */
    static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728), new Color(0x9467BD),
            new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0xBCBD22), new Color(0x17BECF)};

    private Charts() {}

    /** One named curve or point set. */
    public record Series(String name, double[] x, double[] y, boolean points) {
        public static Series line(String name, double[] x, double[] y) { return new Series(name, x, y, false); }

        public static Series points(String name, double[] x, double[] y) { return new Series(name, x, y, true); }

        /** y against 1, 2, 3, ... */
        public static Series line(String name, double[] y) {
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) x[i] = i + 1;
            return line(name, x, y);
        }
    }

    /** A line chart of {@code series}, optionally on logarithmic axes (non-positive values are then left out). */
    public static void lines(Path png, String title, String xLabel, String yLabel, List<Series> series, boolean logX, boolean logY) {
        XYChart chart = chart(title, xLabel, yLabel);
        chart.getStyler().setXAxisLogarithmic(logX).setYAxisLogarithmic(logY);
        int i = 0;
        for (Series s : series) {
            double[][] xy = finite(s.x(), s.y(), logX, logY);
            if (xy[0].length == 0) { i++; continue; }
            XYSeries x = chart.addSeries(s.name(), xy[0], xy[1]);
            Color c = PALETTE[i++ % PALETTE.length];
            x.setLineColor(c);
            x.setMarkerColor(c);
            if (s.points()) {
                x.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                x.setMarker(SeriesMarkers.CIRCLE);
            } else {
                x.setMarker(xy[0].length <= 12 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                x.setLineStyle(new BasicStroke(2f));
            }
        }
        save(chart, png);
    }

    /**
     * Decision regions of a 2-d classifier: {@code grid[i][j]} is the class predicted at ({@code xs[j]}, {@code ys[i]}),
     * drawn as pale squares, with the data points ({@code px}, {@code py}, {@code labels}) over them.
     */
    public static void regions(Path png, String title, double[] xs, double[] ys, int[][] grid, double[] px, double[] py, int[] labels, int classes) {
        XYChart chart = chart(title, "x1", "x2");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(5).setLegendVisible(false);
        for (int k = 0; k < classes; k++) {
            java.util.List<Double> gx = new java.util.ArrayList<>(), gy = new java.util.ArrayList<>();
            for (int i = 0; i < ys.length; i++) for (int j = 0; j < xs.length; j++) if (grid[i][j] == k) { gx.add(xs[j]); gy.add(ys[i]); }
            if (gx.isEmpty()) continue;
            Color c = PALETTE[k % PALETTE.length];
            chart.addSeries("region " + k, gx, gy).setMarker(SeriesMarkers.SQUARE).setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
        }
        for (int k = 0; k < classes; k++) {
            java.util.List<Double> dx = new java.util.ArrayList<>(), dy = new java.util.ArrayList<>();
            for (int i = 0; i < labels.length; i++) if (labels[i] == k) { dx.add(px[i]); dy.add(py[i]); }
            if (dx.isEmpty()) continue;
            chart.addSeries("class " + k, dx, dy).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(PALETTE[k % PALETTE.length]);
        }
        save(chart, png);
    }

    private static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xE0E0E0));
        s.setPlotBorderVisible(false);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setMarkerSize(6);
        return chart;
    }

    private static double[][] finite(double[] x, double[] y, boolean logX, boolean logY) {
        int n = 0;
        double[] fx = new double[x.length], fy = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || (logX && x[i] <= 0) || (logY && y[i] <= 0)) continue;
            fx[n] = x[i];
            fy[n++] = y[i];
        }
        return new double[][] {java.util.Arrays.copyOf(fx, n), java.util.Arrays.copyOf(fy, n)};
    }

    static void save(XYChart chart, Path png) {
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write the chart: " + e.getMessage(), e);
        }
    }
}

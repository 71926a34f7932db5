package org.nabla.cli.lab;

import java.nio.file.Path;
import java.util.function.Function;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.Tensor;

/** Draws a 2-d classifier's decision regions over [-1.2, 1.2]² with its data points. */
final class Regions {
    private Regions() {}

    static final int GRID = 60;
    static final double LIMIT = 1.2;

    /** {@code classify} maps points [N, 2] to classes [N] (int64). */
    static void draw(Path png, String title, Function<Tensor, Tensor> classify, LabData.Split data, int classes) {
        double[] xs = new double[GRID];
        for (int i = 0; i < GRID; i++) xs[i] = -LIMIT + 2 * LIMIT * (i + 0.5) / GRID;
        float[] pts = new float[2 * GRID * GRID];
        for (int i = 0; i < GRID; i++)
            for (int j = 0; j < GRID; j++) {
                pts[2 * (i * GRID + j)] = (float) xs[j];
                pts[2 * (i * GRID + j) + 1] = (float) xs[i];
            }
        long[] predicted;
        try (var ng = GradMode.noGrad()) {
            predicted = classify.apply(Tensor.of(pts, GRID * GRID, 2)).toLongArray();
        }
        int[][] grid = new int[GRID][GRID];
        for (int i = 0; i < GRID; i++) for (int j = 0; j < GRID; j++) grid[i][j] = (int) predicted[i * GRID + j];
        float[] x = data.x().toFloatArray();
        double[] px = new double[data.size()], py = new double[data.size()];
        for (int i = 0; i < data.size(); i++) { px[i] = x[2 * i]; py[i] = x[2 * i + 1]; }
        int[] labels = java.util.Arrays.stream(data.y().toLongArray()).mapToInt(v -> (int) v).toArray();
        Charts.regions(png, title, xs, xs, grid, px, py, labels, classes);
    }
}

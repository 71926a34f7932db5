package org.nabla.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.nabla.autograd.GradMode;
import org.nabla.data.ArrayDataset;
import org.nabla.data.Batch;
import org.nabla.data.Dataset;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * Pictures of segmentation masks: an image with its class map laid over it (a colour per class, background left
 * clear) and a legend of the classes drawn; {@code nabla predict --out} draws a model's predicted masks, and a
 * segmentation run folder holds {@value #PREDICTIONS_PNG}, test images with their true and predicted masks.
 */
final class SegmentationOverlay {
    static final String PREDICTIONS_PNG = "predictions.png";
    /** Test images shown in {@value #PREDICTIONS_PNG}. */
    static final int SHOWN = 8;
    private static final int SCALE = 4, LEGEND_ROW = 16;
    private static final float ALPHA = 0.55f;
    /** Distinct colours for classes 1.. (class 0, the background, is not painted); they repeat after 12. */
    private static final Color[] PALETTE = {
        new Color(230, 25, 75), new Color(60, 180, 75), new Color(255, 225, 25), new Color(0, 130, 200), new Color(245, 130, 48),
        new Color(145, 30, 180), new Color(70, 240, 240), new Color(240, 50, 230), new Color(210, 245, 60), new Color(250, 190, 212),
        new Color(0, 128, 128), new Color(170, 110, 40)};

    private SegmentationOverlay() {}

    static Color colour(int cls) { return PALETTE[(cls - 1) % PALETTE.length]; }

    /**
     * Predicts the mask of each image and writes it laid over the image to {@code out} (one image), or to
     * {@code out}'s name with "-1", "-2", ... before the extension (several); prints each file with the share of
     * pixels of every class found.
     */
    static void predict(TrainedModel t, List<Path> images, Path out, PrintWriter w) {
        int[] s = t.sampleShape();
        if (s.length != 3) throw new IllegalArgumentException(t.config().model() + " was trained on samples of " + TrainCommand.shape(s) + ", not images");
        if (out == null) throw new IllegalArgumentException(t.checkpoint() + " is a segmentation run: give --out overlay.png, where predict draws the masks");
        int len = s[0] * s[1] * s[2];
        for (int i = 0; i < images.size(); i++) {
            float[] pixels = new float[len];
            PredictCommand.read(images.get(i), s, pixels, 0);
            int[] mask = masks(t.model(), ArrayDataset.ofFloats("image", pixels, new long[1], s), t.normalizer(), 0, 1)[0];
            Path file = images.size() == 1 ? out : numbered(out, i + 1);
            write(overlay(pixels, s, mask, t.classNames(), true), file);
            int[] count = new int[t.classNames().size()];
            for (int m : mask) count[m]++;
            StringBuilder line = new StringBuilder(images.get(i) + ": " + file + " (");
            String sep = "";
            for (int c = 0; c < count.length; c++)
                if (count[c] > 0) {
                    line.append(sep).append(String.format(Locale.ROOT, "%s %.1f%%", t.classNames().get(c), 100.0 * count[c] / mask.length));
                    sep = ", ";
                }
            w.println(line.append(')'));
        }
        w.flush();
    }

    /**
     * The first {@value #SHOWN} samples of a segmentation split (images [C, H, W], class maps [H, W]) in three rows:
     * the images (each stretched to its own range, as the split may be normalised), the true masks over them, the
     * model's predicted masks over them; a legend of the classes below.
     */
    static void predictionsBesideTruth(Module model, Dataset test, List<String> classNames, Path png) {
        int n = Math.min(SHOWN, test.size());
        if (n == 0) return;
        int[] s = test.sampleShape();
        int[][] predicted = masks(model, test, null, 0, n);
        int len = s[0] * s[1] * s[2], area = s[1] * s[2];
        Batch batch = test.batch(java.util.stream.IntStream.range(0, n).toArray());
        float[] x = batch.x().toFloatArray();
        long[] y = batch.y().toLongArray();
        int tileW = s[2] * SCALE, tileH = s[1] * SCALE;
        BufferedImage grid = new BufferedImage(n * tileW, 3 * tileH + legendHeight(classNames.size()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < n; i++) {
            float[] image = org.nabla.explain.Images.stretched(java.util.Arrays.copyOfRange(x, i * len, (i + 1) * len));
            int[] truth = new int[area];
            for (int p = 0; p < area; p++) truth[p] = (int) y[i * area + p];
            g.drawImage(overlay(image, s, null, classNames, false), i * tileW, 0, null);
            g.drawImage(overlay(image, s, truth, classNames, false), i * tileW, tileH, null);
            g.drawImage(overlay(image, s, predicted[i], classNames, false), i * tileW, 2 * tileH, null);
        }
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        g.drawString("image", 3, 12);
        g.drawString("true mask", 3, tileH + 12);
        g.drawString("predicted", 3, 2 * tileH + 12);
        legend(g, classNames, 0, 3 * tileH, grid.getWidth());
        g.dispose();
        write(grid, png);
    }

    /** The predicted class of every pixel of samples [from, to) of {@code data} (normalised by {@code norm} first when given). */
    static int[][] masks(Module model, Dataset data, org.nabla.data.Normalizer norm, int from, int to) {
        Dataset d = norm == null ? data : norm.apply(data);
        int[] idx = java.util.stream.IntStream.range(from, to).toArray();
        boolean training = model.isTraining();
        model.eval();
        try (var g = GradMode.noGrad()) {
            Tensor out = model.call(d.batch(idx).x());
            if (out.dim() != 4) throw new IllegalArgumentException("the model's output has shape " + TrainCommand.shape(out.shape()) + ", not [N, classes, H, W]");
            long[] labels = out.argmax(1, false).toLongArray();
            int area = out.size(2) * out.size(3);
            int[][] masks = new int[idx.length][area];
            for (int i = 0; i < idx.length; i++) for (int p = 0; p < area; p++) masks[i][p] = (int) labels[i * area + p];
            return masks;
        } finally {
            if (training) model.train();
        }
    }

    /**
     * The image [C, H, W] in [0, 1] (grey or RGB), scaled up, with {@code mask}'s classes (null: none) painted over it;
     * with {@code withLegend}, a legend of the classes painted below.
     */
    static BufferedImage overlay(float[] image, int[] shape, int[] mask, List<String> classNames, boolean withLegend) {
        int c = shape[0], h = shape[1], w = shape[2];
        List<String> present = new ArrayList<>();
        boolean[] seen = new boolean[classNames.size()];
        if (mask != null) for (int m : mask) seen[m] = m > 0;
        for (int k = 1; k < seen.length; k++) if (seen[k]) present.add(classNames.get(k));
        int extra = withLegend ? legendHeight(classNames.size()) : 0;
        int width = Math.max(w * SCALE, withLegend ? 160 : 0);
        BufferedImage out = new BufferedImage(width, h * SCALE + extra, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                float r = image[p], g = c == 3 ? image[h * w + p] : r, b = c == 3 ? image[2 * h * w + p] : r;
                if (mask != null && mask[p] > 0) {
                    Color k = colour(mask[p]);
                    r = (1 - ALPHA) * r + ALPHA * k.getRed() / 255f;
                    g = (1 - ALPHA) * g + ALPHA * k.getGreen() / 255f;
                    b = (1 - ALPHA) * b + ALPHA * k.getBlue() / 255f;
                }
                int rgb = channel(r) << 16 | channel(g) << 8 | channel(b);
                for (int dy = 0; dy < SCALE; dy++) for (int dx = 0; dx < SCALE; dx++) out.setRGB(x * SCALE + dx, y * SCALE + dy, rgb);
            }
        if (withLegend) {
            Graphics2D g = out.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, h * SCALE, width, extra);
            legend(g, classNames, 0, h * SCALE, width);
            g.dispose();
        }
        return out;
    }

    private static int legendHeight(int classes) { return LEGEND_ROW * ((classes - 1 + 5) / 6) + 4; }

    /** A swatch and the name of every class but the background, six to a row. */
    private static void legend(Graphics2D g, List<String> classNames, int x0, int y0, int width) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int cell = Math.max(26, width / 6);
        for (int k = 1; k < classNames.size(); k++) {
            int col = (k - 1) % 6, row = (k - 1) / 6, x = x0 + 4 + col * cell, y = y0 + 3 + row * LEGEND_ROW;
            g.setColor(colour(k));
            g.fillRect(x, y, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(classNames.get(k), x + 13, y + 10);
        }
    }

    private static int channel(float v) { return Math.round(255 * Math.clamp(v, 0f, 1f)); }

    private static Path numbered(Path out, int i) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling(dot < 0 ? name + "-" + i : name.substring(0, dot) + "-" + i + name.substring(dot));
    }

    private static void write(BufferedImage img, Path png) {
        try {
            if (png.getParent() != null) java.nio.file.Files.createDirectories(png.getParent());
            if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write the picture: " + e.getMessage(), e);
        }
    }
}

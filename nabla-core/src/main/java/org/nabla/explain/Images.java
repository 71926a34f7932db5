package org.nabla.explain;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.nabla.tensor.Tensor;

/**
 * Tensors drawn as pictures: an image [C, H, W] (1 or 3 channels, values in [0, 1]), a map [H, W] in a colour
 * scale, a map laid over an image, a grid of pictures, and PNG files.
 */
public final class Images {
    private Images() {}

    /** An image [C, H, W] or [1, C, H, W] with values in [0, 1] (clipped): grey for 1 channel, RGB for 3. */
    public static BufferedImage image(Tensor chw) {
        Tensor t = chw.dim() == 4 && chw.size(0) == 1 ? chw.squeeze(0) : chw;
        if (t.dim() != 3 || (t.size(0) != 1 && t.size(0) != 3))
            throw new IllegalArgumentException("Images.image: an image [C, H, W] with 1 or 3 channels, got " + java.util.Arrays.toString(chw.shape()));
        int c = t.size(0), h = t.size(1), w = t.size(2);
        float[] v = t.contiguous().toFloatArray();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int r = byteOf(v[y * w + x]);
                int g = c == 3 ? byteOf(v[h * w + y * w + x]) : r, b = c == 3 ? byteOf(v[2 * h * w + y * w + x]) : r;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        return img;
    }

    /** Values rescaled to [0, 1] by their minimum and maximum (a constant tensor gives zeros). */
    public static Tensor rescale(Tensor t) {
        double lo = t.min().item(), hi = t.max().item();
        return hi > lo ? t.sub(lo).div(hi - lo) : Tensor.zerosLike(t);
    }

    /** A map [H, W] in the "inferno"-like colour scale after min-max rescaling (dark: low, yellow: high). */
    public static BufferedImage heatmap(Tensor map) {
        if (map.dim() != 2) throw new IllegalArgumentException("Images.heatmap: a map [H, W], got " + java.util.Arrays.toString(map.shape()));
        int h = map.size(0), w = map.size(1);
        float[] v = rescale(map).contiguous().toFloatArray();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img.setRGB(x, y, colour(v[y * w + x]));
        return img;
    }

    /** The map's colours over the image's grey version, {@code alpha} of the map (both resized to {@code size} pixels high). */
    public static BufferedImage overlay(BufferedImage image, Tensor map, double alpha, int size) {
        BufferedImage base = resize(image, size), heat = resize(heatmap(map), size);
        BufferedImage out = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++)
            for (int x = 0; x < out.getWidth(); x++) {
                int p = base.getRGB(x, y), q = heat.getRGB(x, y);
                double grey = 0.299 * (p >> 16 & 0xFF) + 0.587 * (p >> 8 & 0xFF) + 0.114 * (p & 0xFF);
                int r = (int) Math.round((1 - alpha) * grey + alpha * (q >> 16 & 0xFF));
                int g = (int) Math.round((1 - alpha) * grey + alpha * (q >> 8 & 0xFF));
                int b = (int) Math.round((1 - alpha) * grey + alpha * (q & 0xFF));
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        return out;
    }

    /** The picture scaled to {@code height} pixels high, keeping its aspect (nearest neighbour: pixels stay sharp). */
    public static BufferedImage resize(BufferedImage img, int height) {
        int width = Math.max(1, (int) Math.round((double) img.getWidth() * height / img.getHeight()));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** The pictures in rows of {@code columns}, each resized to {@code cell} pixels high, with white gaps of {@code gap}. */
    public static BufferedImage grid(List<BufferedImage> pictures, int columns, int cell, int gap) {
        if (pictures.isEmpty() || columns < 1) throw new IllegalArgumentException("Images.grid: needs pictures and at least one column");
        List<BufferedImage> cells = pictures.stream().map(p -> resize(p, cell)).toList();
        int cellW = cells.stream().mapToInt(BufferedImage::getWidth).max().orElse(cell);
        int cols = Math.min(columns, cells.size()), rows = (cells.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * cellW + (cols + 1) * gap, rows * cell + (rows + 1) * gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < cells.size(); i++)
            g.drawImage(cells.get(i), gap + (i % cols) * (cellW + gap), gap + (i / cols) * (cell + gap), null);
        g.dispose();
        return out;
    }

    /** Writes the picture as a PNG file (its folder is created). */
    public static void writePng(BufferedImage img, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the PNG: " + e.getMessage(), e);
        }
    }

    /** The values mapped linearly onto [0, 1] by their own minimum and maximum (a constant image becomes 0; NaN and infinities 0). */
    public static float[] stretched(float[] v) {
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float f : v) {
            if (!Float.isFinite(f)) continue;
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        float range = hi > lo ? hi - lo : 1;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Float.isFinite(v[i]) ? (v[i] - lo) / range : 0;
        return out;
    }

    private static int byteOf(float v) { return (int) Math.round(Math.max(0, Math.min(1, v)) * 255); }

    /** Black, purple, red, orange, yellow: a perceptually ordered scale (piecewise linear through 5 stops). */
    private static final int[][] STOPS = {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};

    static int colour(double v) {
        double t = Math.max(0, Math.min(1, v)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) t);
        double f = t - i;
        int r = (int) Math.round(STOPS[i][0] + f * (STOPS[i + 1][0] - STOPS[i][0]));
        int g = (int) Math.round(STOPS[i][1] + f * (STOPS[i + 1][1] - STOPS[i][1]));
        int b = (int) Math.round(STOPS[i][2] + f * (STOPS[i + 1][2] - STOPS[i][2]));
        return r << 16 | g << 8 | b;
    }
}

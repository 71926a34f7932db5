package org.nabla.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.nabla.models.detection.Detections;

/**
 * Draws boxes over images: a detection run's predictions ("class score" labels, a colour per class) and the ground
 * truth, scaled up so the labels stay readable. Used by {@code nabla predict --out} and a detection run's
 * predictions.png (ground truth next to the predictions, one test image per row).
 */
final class BoxOverlay {
    /** Pixels per image pixel in the drawings. */
    static final int SCALE = 6;
    /** Boxes scored below this are not drawn. */
    static final double DRAW_THRESHOLD = 0.3;

    private BoxOverlay() {}

    /** One image [C * H * W] in [0, 1] with its boxes, scaled up by {@link #SCALE}; scores null for ground truth. */
    static BufferedImage draw(float[] image, int c, int h, int w, float[] boxes, float[] scores, int[] classes, List<String> names) {
        BufferedImage img = new BufferedImage(w * SCALE, h * SCALE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * SCALE; y++)
            for (int x = 0; x < w * SCALE; x++) {
                int p = (y / SCALE) * w + x / SCALE;
                int r = grey(image[p]), g = c == 3 ? grey(image[h * w + p]) : r, b = c == 3 ? grey(image[2 * h * w + p]) : r;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(2));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        for (int k = 0; k < classes.length; k++) {
            if (scores != null && scores[k] < DRAW_THRESHOLD) continue;
            Color colour = Color.getHSBColor((classes[k] * 0.618034f) % 1f, 0.9f, 1f);
            int x1 = Math.round(boxes[4 * k] * SCALE), y1 = Math.round(boxes[4 * k + 1] * SCALE);
            int x2 = Math.round(boxes[4 * k + 2] * SCALE), y2 = Math.round(boxes[4 * k + 3] * SCALE);
            g.setColor(colour);
            g.drawRect(x1, y1, x2 - x1, y2 - y1);
            String label = names.get(classes[k]) + (scores != null ? String.format(Locale.ROOT, " %.2f", scores[k]) : "");
            int tw = g.getFontMetrics().stringWidth(label) + 4, ty = Math.max(y1 - 14, 0);
            g.fillRect(x1, ty, tw, 14);
            g.setColor(Color.BLACK);
            g.drawString(label, x1 + 2, ty + 11);
        }
        g.dispose();
        return img;
    }

    /** A predictions' image of one image's detections. */
    static BufferedImage draw(float[] image, int[] shape, Detections d, List<String> names) {
        return draw(image, shape[0], shape[1], shape[2], d.boxes(), d.scores(), d.classes(), names);
    }

    /** Pictures laid out in a grid of {@code columns}, a thin gap between them. */
    static BufferedImage grid(List<BufferedImage> pictures, int columns) {
        int cw = pictures.get(0).getWidth(), ch = pictures.get(0).getHeight(), gap = 8, rows = (pictures.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * (cw + gap) - gap, rows * (ch + gap) - gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < pictures.size(); i++) g.drawImage(pictures.get(i), (i % columns) * (cw + gap), (i / columns) * (ch + gap), null);
        g.dispose();
        return out;
    }

    static void write(BufferedImage img, Path file) {
        try {
            if (!ImageIO.write(img, "png", file.toFile())) throw new IllegalStateException("no PNG writer in this JVM");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the image: " + e.getMessage(), e);
        }
    }

    private static int grey(float v) { return Math.clamp(Math.round(v * 255), 0, 255); }
}

package org.nabla.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nabla.tensor.Tensor;

/** Images [N, C, H, W] with pixels in [0, 1] (C = 1 grey, C = 3 colour) as one PNG grid, rows of {@code columns}, 2 px gaps. */
final class ImageGrid {
    private static final int GAP = 2, SCALE = 2;

    private ImageGrid() {}

    static void write(Tensor images, int columns, Path png) {
        int n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
        int rows = (n + columns - 1) / columns;
        int cellW = w * SCALE + GAP, cellH = h * SCALE + GAP;
        BufferedImage img = new BufferedImage(columns * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) img.setRGB(x, y, 0x808080);
        float[] px = images.contiguous().toFloatArray();
        for (int k = 0; k < n; k++) {
            int x0 = GAP + (k % columns) * cellW, y0 = GAP + (k / columns) * cellH;
            for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) {
                int rgb = 0;
                for (int ch = 0; ch < 3; ch++) {
                    float v = px[((k * c + Math.min(ch, c - 1)) * h + i) * w + j];
                    rgb = rgb << 8 | Math.round(Math.max(0, Math.min(1, v)) * 255);
                }
                for (int di = 0; di < SCALE; di++) for (int dj = 0; dj < SCALE; dj++) img.setRGB(x0 + j * SCALE + dj, y0 + i * SCALE + di, rgb);
            }
        }
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }
}

package org.nabla.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Images in one sub-folder per class (like torchvision's ImageFolder): class names are the sub-folder names
 * sorted, files are taken in sorted order. PNG, JPEG, BMP and GIF are read with javax.imageio. Samples are
 * [C, H, W] in [0, 1] with C = 1 (grayscale) or 3 (RGB).
 */
public final class ImageFolder {
    private ImageFolder() {}

    /**
     * @param width     resize every image to this width (bilinear), or 0 to keep the size (then all must agree)
     * @param height    resize height, or 0
     * @param grayscale convert to one channel (ITU-R 601 luma, as PIL's "L" mode)
     */
    public record Options(int width, int height, boolean grayscale) {
        public static Options defaults() { return new Options(0, 0, false); }
    }

    public record Result(ArrayDataset dataset, List<String> classNames, List<Path> files) {}

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    public static Result load(Path root, Options o) {
        try {
            if (!Files.isDirectory(root)) throw new IllegalArgumentException(root + ": not a directory");
            List<Path> classDirs;
            try (Stream<Path> s = Files.list(root)) {
                classDirs = s.filter(Files::isDirectory).sorted().toList();
            }
            if (classDirs.isEmpty()) throw new IllegalArgumentException(root + ": no class sub-folders");
            List<String> classes = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            List<Long> labelList = new ArrayList<>();
            for (Path dir : classDirs) {
                classes.add(dir.getFileName().toString());
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path f : s.filter(ImageFolder::isImage).sorted().toList()) {
                        files.add(f);
                        labelList.add((long) classes.size() - 1);
                    }
                }
            }
            if (files.isEmpty()) throw new IllegalArgumentException(root + ": no images (" + EXTENSIONS + ") in the class sub-folders");
            int c = o.grayscale() ? 1 : 3, w = o.width(), h = o.height();
            float[] data = null;
            long[] labels = new long[files.size()];
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                BufferedImage img = ImageIO.read(f.toFile());
                if (img == null) throw new IllegalArgumentException(f + ": not a readable image");
                if (o.width() > 0 && o.height() > 0) img = resize(img, o.width(), o.height());
                if (data == null) {
                    w = img.getWidth();
                    h = img.getHeight();
                    data = new float[Math.multiplyExact(files.size(), c * h * w)];
                } else if (img.getWidth() != w || img.getHeight() != h) {
                    throw new IllegalArgumentException(f + ": image is " + img.getWidth() + "x" + img.getHeight() + ", expected " + w + "x" + h
                            + " like the first image (set a resize size)");
                }
                toChw(img, c, data, i * c * h * w);
                labels[i] = labelList.get(i);
            }
            return new Result(ArrayDataset.ofFloats("ImageFolder(" + root + ")", data, labels, c, h, w), List.copyOf(classes), List.copyOf(files));
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": " + e.getMessage(), e);
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    static BufferedImage resize(BufferedImage src, int w, int h) {
        if (src.getWidth() == w && src.getHeight() == h) return src;
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return dst;
    }

    /** Writes the image as channels-first floats in [0, 1]. */
    static void toChw(BufferedImage img, int channels, float[] dst, int offset) {
        int w = img.getWidth(), h = img.getHeight(), plane = w * h;
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int p = 0; p < plane; p++) {
            int v = argb[p], r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
            if (channels == 1) {
                dst[offset + p] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
            } else {
                dst[offset + p] = r / 255f;
                dst[offset + plane + p] = g / 255f;
                dst[offset + 2 * plane + p] = b / 255f;
            }
        }
    }
}

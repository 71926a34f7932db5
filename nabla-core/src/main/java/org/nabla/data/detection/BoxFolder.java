package org.nabla.data.detection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nabla.io.Json;

/**
 * A user's detection data ({@code --dataset boxes:PATH}): the images in a folder (PNG, JPEG, GIF, BMP; all of one
 * size), each with a box file of the same name beside it or in {@code labels/}:
 * <ul>
 *   <li>{@code NAME.json}: {@code {"boxes": [[x1, y1, x2, y2], ...], "classes": [0, 2, ...]}} in pixels;</li>
 *   <li>{@code NAME.txt} (YOLO): a line {@code class cx cy w h} per box, centre and size as fractions of the image.</li>
 * </ul>
 * Class names come from {@code classes.txt} (one per line) when present, else 0 .. the largest class. With
 * {@code train/} and {@code test/} sub-folders those are the splits. Images are read grey (one channel) when every
 * image is grey, else RGB, scaled to [0, 1]. A box outside the image, with x2 < x1 or y2 < y1, an unknown class or an
 * empty or missing box file is refused in one line naming the file.
 */
public final class BoxFolder {
    private static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

    private BoxFolder() {}

    /** The split {@code train} (or the whole folder without splits; null for the test split then) and its class names. */
    public record Loaded(BoxDataset data, List<String> classNames) {}

    public static Loaded load(Path root, boolean train) {
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("boxes:" + root + ": no such folder");
        boolean presplit = Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"));
        if (!train && !presplit) return null;
        Path dir = presplit ? root.resolve(train ? "train" : "test") : root;
        List<String> names = classNames(root);
        List<Path> files = images(dir);
        if (files.isEmpty()) throw new IllegalArgumentException("boxes:" + dir + ": no images (PNG, JPEG, GIF, BMP) in the folder");
        List<BufferedImage> read = new ArrayList<>();
        boolean grey = true;
        int w = -1, h = -1;
        for (Path f : files) {
            BufferedImage img = readImage(f);
            if (w < 0) {
                w = img.getWidth();
                h = img.getHeight();
            } else if (img.getWidth() != w || img.getHeight() != h)
                throw new IllegalArgumentException(f + ": the image is " + img.getWidth() + "x" + img.getHeight() + ", the others " + w + "x" + h);
            grey &= isGrey(img);
            read.add(img);
        }
        float[][][] boxes = new float[files.size()][][];
        int[][] classes = new int[files.size()][];
        int most = -1;
        for (int i = 0; i < files.size(); i++) {
            Path boxFile = boxFile(files.get(i));
            List<float[]> rows = boxFile.toString().endsWith(".json") ? json(boxFile) : yolo(boxFile, w, h);
            boxes[i] = new float[rows.size()][];
            classes[i] = new int[rows.size()];
            for (int k = 0; k < rows.size(); k++) {
                float[] r = rows.get(k);
                check(boxFile, k, r, w, h, names);
                boxes[i][k] = new float[] {r[0], r[1], r[2], r[3]};
                classes[i][k] = (int) r[4];
                most = Math.max(most, classes[i][k]);
            }
        }
        List<String> classNames = names != null ? names : java.util.stream.IntStream.rangeClosed(0, most).mapToObj(Integer::toString).toList();
        int c = grey ? 1 : 3, area = w * h, width = w;
        float[][] pixels = new float[files.size()][];
        for (int i = 0; i < files.size(); i++) pixels[i] = pixels(read.get(i), c, width, h);
        BoxDataset data = new BoxDataset("boxes:" + dir, new int[] {c, h, w}, (i, dst, off) -> System.arraycopy(pixels[i], 0, dst, off, c * area),
                boxes, classes);
        return new Loaded(data, classNames);
    }

    private static void check(Path file, int k, float[] r, int w, int h, List<String> names) {
        String box = String.format(Locale.ROOT, "box %d (%s, %s, %s, %s)", k + 1, num(r[0]), num(r[1]), num(r[2]), num(r[3]));
        if (!(r[2] >= r[0]) || !(r[3] >= r[1]))
            throw new IllegalArgumentException(file + ": " + box + " has " + (r[2] < r[0] ? "x2 < x1" : "y2 < y1"));
        if (r[0] < 0 || r[1] < 0 || r[2] > w || r[3] > h)
            throw new IllegalArgumentException(file + ": " + box + " lies outside the " + w + "x" + h + " image");
        if (r[4] < 0 || r[4] != Math.rint(r[4]) || (names != null && r[4] >= names.size()))
            throw new IllegalArgumentException(file + ": " + box + " has class " + num(r[4]) + (names != null ? ", classes.txt names " + names.size() : ", not a class index"));
    }

    private static String num(float v) { return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v); }

    /** {"boxes": [[x1, y1, x2, y2], ...], "classes": [...]}, as rows x1, y1, x2, y2, class. */
    private static List<float[]> json(Path file) {
        String text = text(file);
        Map<String, Object> m;
        try {
            m = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a box file: " + e.getMessage());
        }
        if (!(m.get("boxes") instanceof List<?> boxes) || !(m.get("classes") instanceof List<?> classes))
            throw new IllegalArgumentException(file + ": a JSON box file needs \"boxes\": [[x1, y1, x2, y2], ...] and \"classes\": [...]");
        if (boxes.size() != classes.size()) throw new IllegalArgumentException(file + ": " + boxes.size() + " boxes but " + classes.size() + " classes");
        if (boxes.isEmpty()) throw new IllegalArgumentException(file + ": empty box file (no boxes)");
        List<float[]> rows = new ArrayList<>();
        for (int k = 0; k < boxes.size(); k++) {
            if (!(boxes.get(k) instanceof List<?> b) || b.size() != 4 || !b.stream().allMatch(v -> v instanceof Number) || !(classes.get(k) instanceof Number c))
                throw new IllegalArgumentException(file + ": box " + (k + 1) + " must be [x1, y1, x2, y2] with a numeric class");
            rows.add(new float[] {f(b.get(0)), f(b.get(1)), f(b.get(2)), f(b.get(3)), c.floatValue()});
        }
        return rows;
    }

    /** YOLO lines "class cx cy w h" (fractions of the image) as rows in pixels. */
    private static List<float[]> yolo(Path file, int w, int h) {
        List<float[]> rows = new ArrayList<>();
        String[] lines = text(file).split("\\R");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty()) continue;
            String[] p = line.split("\\s+");
            if (p.length != 5) throw new IllegalArgumentException(file + ": line " + (n + 1) + " must be 'class cx cy w h', got '" + line + "'");
            float[] v = new float[5];
            try {
                for (int j = 0; j < 5; j++) v[j] = Float.parseFloat(p[j]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (n + 1) + " has a value that is not a number: '" + line + "'");
            }
            rows.add(new float[] {(v[1] - v[3] / 2) * w, (v[2] - v[4] / 2) * h, (v[1] + v[3] / 2) * w, (v[2] + v[4] / 2) * h, v[0]});
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(file + ": empty box file (no boxes)");
        return rows;
    }

    private static float f(Object n) { return ((Number) n).floatValue(); }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** NAME.json or NAME.txt beside the image, or in labels/ beside it. */
    private static Path boxFile(Path image) {
        String name = image.getFileName().toString(), stem = name.substring(0, name.lastIndexOf('.'));
        for (Path dir : List.of(image.getParent(), image.getParent().resolve("labels")))
            for (String suffix : List.of(".json", ".txt")) {
                Path p = dir.resolve(stem + suffix);
                if (Files.isRegularFile(p)) return p;
            }
        throw new IllegalArgumentException(image + ": no box file (" + stem + ".json or " + stem + ".txt beside it or in labels/)");
    }

    private static List<String> classNames(Path root) {
        Path f = root.resolve("classes.txt");
        if (!Files.isRegularFile(f)) return null;
        List<String> names = text(f).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) throw new IllegalArgumentException(f + ": no class names in the file");
        return names;
    }

    private static List<Path> images(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> IMAGE_SUFFIXES.stream().anyMatch(x -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(x)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("boxes:" + dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static BufferedImage readImage(Path f) {
        try {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) throw new IllegalArgumentException(f + ": not an image this JVM reads (PNG, JPEG, GIF, BMP)");
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(f + ": cannot read the image: " + e.getMessage(), e);
        }
    }

    private static boolean isGrey(BufferedImage img) {
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if ((rgb >> 16 & 0xFF) != (rgb >> 8 & 0xFF) || (rgb >> 8 & 0xFF) != (rgb & 0xFF)) return false;
            }
        return true;
    }

    private static float[] pixels(BufferedImage img, int c, int w, int h) {
        float[] out = new float[c * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                for (int ch = 0; ch < c; ch++) out[ch * w * h + y * w + x] = (rgb >> (c == 1 ? 0 : 16 - 8 * ch) & 0xFF) / 255f;
            }
        return out;
    }
}

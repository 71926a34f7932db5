package org.nabla.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A user's segmentation data: {@code ROOT/images/NAME.png|jpg|...} with a mask {@code ROOT/masks/NAME.png} each, a
 * single-channel PNG (grey or palette-indexed, as Pascal VOC's) whose pixel values are class ids; optional
 * {@code ROOT/classes.txt} names the classes, one per line, id 0 first (without it the classes are 0 .. the largest
 * id found). All images have one size; they are read grey when every image is grey, else RGB. Samples are images
 * [C, H, W] in [0, 1] and masks [H, W] (int64). Every bad file is a one-line error naming it: an image without its
 * mask, a mask of another size than its image, a class id the class list does not have.
 */
public final class SegmentationFolder {
    public static final String IMAGES = "images", MASKS = "masks", CLASSES = "classes.txt";
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /** The samples and the class names (index = id). */
    public record Result(Dataset dataset, List<String> classNames, List<Path> images) {}

    private SegmentationFolder() {}

    /** Whether {@code root} holds a train/ and a test/ folder, each laid out as {@link #load} reads. */
    public static boolean presplit(Path root) {
        return Files.isDirectory(root.resolve("train").resolve(IMAGES)) && Files.isDirectory(root.resolve("test").resolve(IMAGES));
    }

    /** Reads {@code root}; {@code classNames} (null: from its classes.txt, else from the ids found) bounds the ids. */
    public static Result load(Path root, List<String> classNames) {
        try {
            Path imageDir = root.resolve(IMAGES), maskDir = root.resolve(MASKS);
            if (!Files.isDirectory(imageDir)) throw new IllegalArgumentException(root + ": no " + IMAGES + "/ folder (segfolder:PATH holds images/ and masks/)");
            if (!Files.isDirectory(maskDir)) throw new IllegalArgumentException(root + ": no " + MASKS + "/ folder beside " + IMAGES + "/");
            List<String> names = classNames != null ? classNames : readClasses(root.resolve(CLASSES));
            List<Path> files;
            try (Stream<Path> s = Files.list(imageDir)) {
                files = s.filter(SegmentationFolder::isImage).sorted().toList();
            }
            if (files.isEmpty()) throw new IllegalArgumentException(imageDir + ": no images (" + String.join(", ", EXTENSIONS) + ")");
            List<BufferedImage> images = new ArrayList<>();
            boolean grey = true;
            int w = -1, h = -1;
            for (Path f : files) {
                BufferedImage img = ImageIO.read(f.toFile());
                if (img == null) throw new IllegalArgumentException(f + ": not a readable image");
                if (w < 0) {
                    w = img.getWidth();
                    h = img.getHeight();
                } else if (img.getWidth() != w || img.getHeight() != h) {
                    throw new IllegalArgumentException(f + ": the image is " + img.getWidth() + "x" + img.getHeight() + " pixels, the first image "
                            + files.getFirst().getFileName() + " is " + w + "x" + h + " (all images need one size)");
                }
                grey &= isGrey(img);
                images.add(img);
            }
            int c = grey ? 1 : 3, area = w * h;
            float[] pixels = new float[Math.multiplyExact(files.size(), c * area)];
            byte[] masks = new byte[Math.multiplyExact(files.size(), area)];
            int largest = 0;
            for (int i = 0; i < files.size(); i++) {
                toChw(images.get(i), c, pixels, i * c * area);
                largest = Math.max(largest, readMask(files.get(i), maskDir, w, h, names, masks, i * area));
            }
            List<String> classes = names != null ? names : DatasetSource.indexNames(Math.max(2, largest + 1));
            return new Result(new MaskDataset("SegmentationFolder(" + root + ")", pixels, masks, c, h, w), classes, files);
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": " + e.getMessage(), e);
        }
    }

    /** The class names of {@code root}/classes.txt (blank lines skipped), or null when there is none. */
    public static List<String> classNames(Path root) {
        try {
            return readClasses(root.resolve(CLASSES));
        } catch (IOException e) {
            throw new UncheckedIOException(root.resolve(CLASSES) + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readClasses(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        List<String> names = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (names.size() < 2) throw new IllegalArgumentException(file + ": names " + names.size() + " class" + (names.size() == 1 ? "" : "es") + ", need at least 2 (background first)");
        return names;
    }

    /** Reads the mask of {@code image} into {@code dst[offset ..]}; returns its largest class id. */
    private static int readMask(Path image, Path maskDir, int w, int h, List<String> names, byte[] dst, int offset) throws IOException {
        String name = image.getFileName().toString();
        Path mask = maskDir.resolve(name.substring(0, name.lastIndexOf('.')) + ".png");
        if (!Files.isRegularFile(mask)) throw new IllegalArgumentException(image + ": no mask " + mask);
        BufferedImage m = ImageIO.read(mask.toFile());
        if (m == null) throw new IllegalArgumentException(mask + ": not a readable PNG");
        if (m.getWidth() != w || m.getHeight() != h)
            throw new IllegalArgumentException(mask + ": the mask is " + m.getWidth() + "x" + m.getHeight() + " pixels but its image " + image.getFileName()
                    + " is " + w + "x" + h);
        Raster r = m.getRaster();
        if (r.getNumBands() != 1)
            throw new IllegalArgumentException(mask + ": the mask has " + r.getNumBands() + " channels; masks are single-channel PNGs (grey or palette) of class ids");
        int largest = 0, limit = names != null ? names.size() : 256;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int id = r.getSample(x, y, 0);
                if (id >= limit)
                    throw new IllegalArgumentException(mask + ": class id " + id + " at (" + x + ", " + y + ") but " + CLASSES + " names " + limit
                            + " classes (ids 0-" + (limit - 1) + ")");
                largest = Math.max(largest, id);
                dst[offset + y * w + x] = (byte) id;
            }
        return largest;
    }

    /** The image as channels-first floats in [0, 1]; a grey image's samples as they are stored (getRGB would apply a gamma curve to them). */
    private static void toChw(BufferedImage img, int channels, float[] dst, int offset) {
        int type = img.getType();
        if (channels == 1 && (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY)) {
            Raster r = img.getRaster();
            float max = type == BufferedImage.TYPE_BYTE_GRAY ? 255f : 65535f;
            for (int y = 0; y < img.getHeight(); y++)
                for (int x = 0; x < img.getWidth(); x++) dst[offset + y * img.getWidth() + x] = r.getSample(x, y, 0) / max;
            return;
        }
        ImageFolder.toChw(img, channels, dst, offset);
    }

    private static boolean isGrey(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY || img.getType() == BufferedImage.TYPE_USHORT_GRAY) return true;
        int[] argb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (int v : argb) if (((v >> 16) & 0xFF) != ((v >> 8) & 0xFF) || ((v >> 8) & 0xFF) != (v & 0xFF)) return false;
        return true;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** Images [C, H, W] and masks [H, W] held in memory. */
    private static final class MaskDataset implements Dataset {
        private final String name;
        private final float[] pixels;
        private final byte[] masks;
        private final int[] shape;
        private final int len, area;

        MaskDataset(String name, float[] pixels, byte[] masks, int c, int h, int w) {
            this.name = name;
            this.pixels = pixels;
            this.masks = masks;
            this.shape = new int[] {c, h, w};
            this.len = c * h * w;
            this.area = h * w;
        }

        @Override public int size() { return masks.length / area; }
        @Override public int[] sampleShape() { return shape.clone(); }
        @Override public int[] targetShape() { return new int[] {shape[1], shape[2]}; }
        @Override public void copyFeatures(int i, float[] dst, int off) { System.arraycopy(pixels, i * len, dst, off, len); }

        @Override
        public void copyTarget(int i, long[] dst, int off) {
            for (int p = 0; p < area; p++) dst[off + p] = masks[i * area + p] & 0xFF;
        }

        @Override public String toString() { return name + "(size=" + size() + ", sample=" + Arrays.toString(shape) + ")"; }
    }
}

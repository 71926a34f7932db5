package org.nabla.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.nabla.autograd.GradMode;
import org.nabla.data.Batch;
import org.nabla.data.Dataset;
import org.nabla.explain.Images;
import org.nabla.io.AtomicFiles;
import org.nabla.io.Json;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * A classifier's sample predictions on its test split, for a run folder (what TensorBoard's "images with predictions"
 * figure and fastai's top losses show): {@value #JSON} lists the first {@value #FIRST} test samples in order and the
 * {@value #MISTAKES} most confident mistakes among the first {@value #SCANNED}, each with its index, true and predicted
 * class and the {@value #TOP} most probable classes; image samples ([1 or 3, H, W]) also carry their picture (a PNG
 * data URL, each image stretched to its own range as the split may be normalised) and are drawn together in
 * {@value #PNG}, a grid captioned "predicted p% / true", mistakes framed in red. Both files are written atomically.
 */
public final class PredictionSamples {
    public static final String JSON = "predictions.json", PNG = "predictions.png";
    /** The test samples shown in order, the mistakes added, the samples scanned for mistakes, the classes listed per sample. */
    public static final int FIRST = 32, MISTAKES = 32, SCANNED = 2000, TOP = 3;
    private static final int BATCH = 250, COLUMNS = 8, MIN_CELL = 56, CAPTION = 30, GAP = 4, MAX_SIDE = 128;

    private PredictionSamples() {}

    /**
     * Writes {@value #JSON} (and {@value #PNG} for images) into {@code dir} for {@code model} (evaluated in eval mode
     * without gradients; its mode is restored) on {@code test}; false, writing nothing, when {@code test} is not one
     * input and one class label per sample or the model's output is not [N, classes].
     */
    public static boolean write(Module model, Dataset test, List<String> classNames, Path dir) {
        Map<String, Object> json = collect(model, test, classNames);
        if (json == null) return false;
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> samples = (List<Map<String, Object>>) json.get("samples");
        BufferedImage grid = grid(samples, classNames);
        if (grid != null) {
            AtomicFiles.write(dir.resolve(PNG), png(grid));
            json.put("png", PNG);
        }
        AtomicFiles.write(dir.resolve(JSON), (Json.writePretty(json) + "\n").getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /** What {@value #JSON} holds (each image sample's pixels also under "pixels", dropped from the file), or null. */
    static Map<String, Object> collect(Module model, Dataset test, List<String> classNames) {
        int classes = classNames.size();
        if (test.size() == 0 || test.inputs().size() != 1 || test.targets().size() != 1 || test.targetShape().length != 0) return null;
        int n = Math.min(SCANNED, test.size());
        int[] shape = test.sampleShape();
        boolean images = shape.length == 3 && (shape[0] == 1 || shape[0] == 3) && shape[1] <= MAX_SIDE && shape[2] <= MAX_SIDE;
        float[][] probs = new float[n][];
        long[] labels = new long[n];
        boolean training = model.isTraining();
        model.eval();
        try (var g = GradMode.noGrad()) {
            for (int from = 0; from < n; from += BATCH) {
                int[] idx = java.util.stream.IntStream.range(from, Math.min(n, from + BATCH)).toArray();
                Batch b = test.batch(idx);
                Tensor out = model.call(b.x());
                if (out.dim() != 2 || out.size(0) != idx.length || out.size(1) != classes) return null;
                float[] p = out.softmax(1).toFloatArray();
                long[] y = b.y().toLongArray();
                for (int i = 0; i < idx.length; i++) {
                    probs[from + i] = java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
                    labels[from + i] = y[i];
                }
            }
        } finally {
            if (training) model.train();
        }
        int[] predicted = new int[n];
        List<Integer> mistakes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            predicted[i] = argmax(probs[i]);
            if (predicted[i] != labels[i]) mistakes.add(i);
        }
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < Math.min(FIRST, n); i++) chosen.add(i);
        mistakes.stream().filter(i -> i >= FIRST)
                .sorted(Comparator.comparingDouble((Integer i) -> probs[i][(int) labels[i]]).thenComparing(i -> i))
                .limit(MISTAKES).forEach(chosen::add);
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int k = 0; k < chosen.size(); k++) {
            int i = chosen.get(k);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("index", i);
            s.put("group", k < Math.min(FIRST, n) ? "first" : "mistake");
            s.put("label", labels[i]);
            s.put("predicted", predicted[i]);
            s.put("correct", predicted[i] == labels[i]);
            s.put("probability", round(probs[i][predicted[i]]));
            s.put("label_probability", round(probs[i][(int) labels[i]]));
            List<Map<String, Object>> top = new ArrayList<>();
            Integer[] order = new Integer[classes];
            for (int c = 0; c < classes; c++) order[c] = c;
            java.util.Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -probs[i][c]).thenComparing(c -> c));
            for (int t = 0; t < Math.min(TOP, classes); t++) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("class", order[t]);
                one.put("probability", round(probs[i][order[t]]));
                top.add(one);
            }
            s.put("top", top);
            if (images) {
                float[] px = test.batch(new int[] {i}).x().contiguous().toFloatArray();
                BufferedImage img = image(Images.stretched(px), shape);
                s.put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(png(img)));
                s.put("pixels", img);
            }
            samples.add(s);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", "test");
        m.put("test_samples", test.size());
        m.put("scanned", n);
        m.put("scanned_mistakes", mistakes.size());
        m.put("scanned_accuracy", 1 - (double) mistakes.size() / n);
        m.put("classes", List.copyOf(classNames));
        m.put("image_shape", images ? java.util.Arrays.stream(shape).boxed().toList() : null);
        m.put("samples", samples);
        return m;
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        return best;
    }

    private static double round(float p) { return Math.round(p * 10000.0) / 10000.0; }

    /** A [C, H, W] image in [0, 1] (grey or RGB) at its own size. */
    private static BufferedImage image(float[] px, int[] shape) {
        int c = shape[0], h = shape[1], w = shape[2];
        BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                if (c == 1) { // the grey raster itself: setRGB would convert through the linear grey colour space
                    img.getRaster().setSample(x, y, 0, Math.round(255 * px[y * w + x]));
                    continue;
                }
                int rgb = 0;
                for (int ch = 0; ch < 3; ch++) rgb = rgb << 8 | Math.round(255 * px[Math.min(ch, c - 1) * h * w + y * w + x]);
                img.setRGB(x, y, rgb);
            }
        return img;
    }

    /** The samples' images in rows of {@value #COLUMNS}, scaled up, each captioned; null when they have none. */
    private static BufferedImage grid(List<Map<String, Object>> samples, List<String> classNames) {
        if (samples.isEmpty() || !(samples.getFirst().get("pixels") instanceof BufferedImage first)) return null;
        int scale = Math.max(1, (MIN_CELL + first.getWidth() - 1) / first.getWidth());
        int imgW = first.getWidth() * scale, imgH = first.getHeight() * scale;
        int cellW = Math.max(imgW, 96) + GAP, cellH = imgH + CAPTION + GAP;
        int rows = (samples.size() + COLUMNS - 1) / COLUMNS;
        BufferedImage out = new BufferedImage(COLUMNS * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        Color right = new Color(46, 125, 50), wrong = new Color(198, 40, 40);
        for (int k = 0; k < samples.size(); k++) {
            Map<String, Object> s = samples.get(k);
            int x0 = GAP + (k % COLUMNS) * cellW, y0 = GAP + (k / COLUMNS) * cellH, ix = x0 + (cellW - GAP - imgW) / 2;
            boolean correct = (Boolean) s.get("correct");
            g.drawImage((BufferedImage) s.get("pixels"), ix, y0, imgW, imgH, null);
            if (!correct) {
                g.setColor(wrong);
                g.setStroke(new BasicStroke(2));
                g.drawRect(ix - 1, y0 - 1, imgW + 1, imgH + 1);
            }
            g.setColor(correct ? right : wrong);
            String predicted = classNames.get(((Number) s.get("predicted")).intValue());
            g.drawString(fit(g, String.format(Locale.ROOT, "%s %.0f%%", predicted, 100 * (Double) s.get("probability")), cellW - GAP), x0, y0 + imgH + 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString(fit(g, "true: " + classNames.get(((Number) s.get("label")).intValue()), cellW - GAP), x0, y0 + imgH + 25);
        }
        g.dispose();
        samples.forEach(s -> s.remove("pixels"));
        return out;
    }

    private static String fit(Graphics2D g, String text, int width) {
        String t = text;
        while (t.length() > 1 && g.getFontMetrics().stringWidth(t) > width) t = t.substring(0, t.length() - 1);
        return t.equals(text) ? t : t.substring(0, Math.max(1, t.length() - 1)) + "…";
    }

    private static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", b)) throw new IOException("no PNG writer");
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG: " + e.getMessage(), e);
        }
    }
}

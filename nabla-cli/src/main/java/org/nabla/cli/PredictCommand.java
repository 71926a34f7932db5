package org.nabla.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nabla.autograd.GradMode;
import org.nabla.data.ArrayDataset;
import org.nabla.data.Dataset;
import org.nabla.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla predict}: the top classes of a trained model for image files. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classifies images (PNG, JPEG, GIF, BMP) with a trained model or an ONNX file: the top classes and their probabilities.",
                "Images must have the model's size; grey models read the luminance, colour models RGB, each scaled to [0, 1] and "
                        + "then normalised as in training."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files to classify.")
    private List<Path> images;

    @Option(names = "--run", paramLabel = "DIR", description = "Run folder or checkpoint of the model. Default: the newest completed run in runs/.")
    private Path run;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "Classes to show per image. Default: ${DEFAULT-VALUE}.")
    private int top;

    @Option(names = "--model", paramLabel = "FILE.onnx", description = "Classify with an ONNX model file instead of a run.")
    private Path onnxModel;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "With --model: the dataset whose class names to print and whose training split --normalize fits. Default: none (classes by index).")
    private String dataset;

    @Option(names = "--normalize", paramLabel = "MODE",
            description = "With --model (an ONNX file carries no normalisation): none (pixels in [0, 1]), standardize or scale per channel, "
                    + "fitted on --dataset's training split as 'nabla train' does. Default: none.")
    private String normalize;

    @Override
    public Integer call() {
        if (onnxModel == null) {
            if (dataset != null || normalize != null)
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), (dataset != null ? "--dataset" : "--normalize")
                        + " applies with --model FILE.onnx; a run uses its training's dataset and normalisation");
            TrainedModel t = TrainedModel.load(run != null ? run : newestRun(Path.of("runs")), null).require(TrainedModel.SUPERVISED, "nabla predict").fusedForInference();
            int[] s = t.sampleShape();
            if (s.length != 3) throw new IllegalArgumentException(t.config().model() + " was trained on samples of " + TrainCommand.shape(s) + ", not images");
            print(classify(t.model(), s, t.normalizer()), t.classNames());
            return 0;
        }
        if (run != null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either --run or --model, not both");
        ImportedModel m = ImportedModel.load(onnxModel, dataset, normalize);
        int[] s = m.sampleShape();
        if (s == null)
            throw new IllegalArgumentException(onnxModel + ": the model's input size is not fixed in the file; give --dataset NAME for its sample shape");
        if (s.length != 3) throw new IllegalArgumentException(onnxModel + ": the model takes samples of " + TrainCommand.shape(s) + ", not images");
        Tensor probs = classify(m.module(), s, m.normalizer());
        print(probs, m.namesFor(probs.size(1)));
        return 0;
    }

    /** The class probabilities of the images, read at shape s and normalised by norm (may be null). */
    private Tensor classify(org.nabla.nn.Module model, int[] s, org.nabla.data.Normalizer norm) {
        int len = s[0] * s[1] * s[2];
        float[] pixels = new float[images.size() * len];
        for (int i = 0; i < images.size(); i++) read(images.get(i), s, pixels, i * len);
        Dataset batch = ArrayDataset.ofFloats("images", pixels, new long[images.size()], s);
        if (norm != null) batch = norm.apply(batch);
        float[] x = new float[pixels.length];
        for (int i = 0; i < images.size(); i++) batch.copyFeatures(i, x, i * len);
        try (var g = GradMode.noGrad()) {
            Tensor out = model.call(Tensor.of(x, images.size(), s[0], s[1], s[2]));
            if (out.dim() != 2) throw new IllegalArgumentException("the model's output has shape " + TrainCommand.shape(out.shape()) + ", not [images, classes]");
            return out.softmax(1);
        }
    }

    private void print(Tensor probs, List<String> classNames) {
        int classes = probs.size(1);
        float[] p = probs.toFloatArray();
        int k = Math.max(1, Math.min(top, classes));
        PrintWriter w = spec.commandLine().getOut();
        for (int i = 0; i < images.size(); i++) {
            int row = i * classes;
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < classes; c++) order.add(c);
            order.sort(Comparator.comparingDouble((Integer c) -> -p[row + c]));
            StringBuilder line = new StringBuilder(images.get(i) + ": " + classNames.get(order.get(0)));
            line.append(String.format(Locale.ROOT, " (%.1f%%)", 100 * p[row + order.get(0)]));
            if (k > 1) {
                line.append("  top-").append(k).append(':');
                for (int j = 0; j < k; j++)
                    line.append(String.format(Locale.ROOT, " %s %.1f%%", classNames.get(order.get(j)), 100 * p[row + order.get(j)]));
            }
            w.println(line);
        }
        w.flush();
    }

    /** Reads {@code file} into {@code dst} as C x H x W values in [0, 1]; any other size is refused. */
    private static void read(Path file, int[] shape, float[] dst, int offset) {
        BufferedImage img;
        try {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such image file");
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the image: " + e.getMessage(), e);
        }
        if (img == null) throw new IllegalArgumentException(file + ": not an image this JVM reads (PNG, JPEG, GIF, BMP)");
        int c = shape[0], h = shape[1], w = shape[2];
        if (img.getWidth() != w || img.getHeight() != h)
            throw new IllegalArgumentException(file + ": the image is " + img.getWidth() + "x" + img.getHeight() + " pixels, the model takes "
                    + w + "x" + h);
        if (c != 1 && c != 3) throw new IllegalArgumentException("the model takes " + c + "-channel images; predict reads grey (1) or RGB (3)");
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y), r = rgb >> 16 & 0xFF, g = rgb >> 8 & 0xFF, b = rgb & 0xFF;
                if (c == 1) {
                    dst[offset + y * w + x] = (float) ((0.299 * r + 0.587 * g + 0.114 * b) / 255);
                } else {
                    dst[offset + y * w + x] = r / 255f;
                    dst[offset + h * w + y * w + x] = g / 255f;
                    dst[offset + 2 * h * w + y * w + x] = b / 255f;
                }
            }
        }
    }

    /** The most recently modified completed run in {@code runs} (a diverged or killed run is skipped). */
    static Path newestRun(Path runs) {
        if (!Files.isDirectory(runs)) throw new IllegalArgumentException("no " + runs + "/ folder here: train a model first or give --run DIR");
        try (Stream<Path> s = Files.list(runs)) {
            return s.filter(Files::isDirectory).filter(RunFolder::isCompleted).max(Comparator.comparing(PredictCommand::modified))
                    .orElseThrow(() -> new IllegalArgumentException(runs + "/ holds no completed run (one with " + RunFolder.SUMMARY
                            + "): train a model first or give --run DIR"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs + "/: " + e.getMessage(), e);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

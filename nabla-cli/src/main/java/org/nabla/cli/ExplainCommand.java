package org.nabla.cli;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nabla.explain.Filters;
import org.nabla.explain.GradCam;
import org.nabla.explain.Images;
import org.nabla.explain.LayerActivations;
import org.nabla.explain.Occlusion;
import org.nabla.explain.Saliency;
import org.nabla.nn.Conv2d;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import org.nabla.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla explain}: what a trained image classifier looks at in one image, as a map over it. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explains a trained image classifier's decision on one image: a map of what mattered, drawn beside and over the image "
                + "(image | map | overlay), or the first layer's filters, or a layer's activation maps.",
                "Methods: saliency (|gradient|), smoothgrad, integrated-gradients (from a black image), guided-backprop, deconvnet, "
                        + "gradcam (of --layer, default the deepest feature map), occlusion (fall of the class's probability under a grey patch), "
                        + "activations (of --layer), filters (of the first convolution; no IMAGE)."})
final class ExplainCommand implements Callable<Integer> {
    static final List<String> METHODS = List.of("saliency", "smoothgrad", "integrated-gradients", "guided-backprop", "deconvnet", "gradcam",
            "occlusion", "activations", "filters");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder written by 'nabla train', or a checkpoint folder in it.")
    private Path run;

    @Parameters(index = "1", arity = "0..1", paramLabel = "IMAGE", description = "The image (PNG, JPEG, GIF, BMP) of the model's size.")
    private Path image;

    @Option(names = "--method", paramLabel = "NAME", defaultValue = "saliency", description = "One of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = Methods.class)
    private String method;

    @Option(names = "--layer", paramLabel = "NAME", description = "The layer of gradcam and activations, by its name in 'nabla summary' (e.g. 3, layer3). Default: the deepest feature map.")
    private String layer;

    @Option(names = "--class", paramLabel = "K", description = "The class to explain, by index or name. Default: the predicted one.")
    private String target;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "50", description = "SmoothGrad's noisy copies. Default: ${DEFAULT-VALUE}.")
    private int samples;

    @Option(names = "--noise", paramLabel = "SIGMA", defaultValue = "0.15", description = "SmoothGrad's noise, in pixels (the image range is 1). Default: ${DEFAULT-VALUE}.")
    private double noise;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "50", description = "Integrated gradients' steps. Default: ${DEFAULT-VALUE}.")
    private int steps;

    @Option(names = "--patch", paramLabel = "PIXELS", description = "Occlusion's patch side. Default: a quarter of the image's side.")
    private Integer patch;

    @Option(names = "--stride", paramLabel = "PIXELS", defaultValue = "1", description = "Occlusion's stride. Default: ${DEFAULT-VALUE}.")
    private int stride;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "SmoothGrad's noise seed. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--out", paramLabel = "FILE.png", description = "The picture to write. Default: METHOD.png.")
    private Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads. Default: $NABLA_THREADS or the number of cores.")
    private Integer threads;

    static final class Methods extends ArrayList<String> {
        Methods() { super(METHODS); }
    }

    /** Each picture of the output, this many pixels high. */
    private static final int CELL = 224;

    @Override
    public Integer call() throws Exception {
        if (!METHODS.contains(method)) throw new ParameterException(spec.commandLine(), "--method must be one of " + String.join(", ", METHODS) + ", got '" + method + "'");
        if (image == null && !method.equals("filters")) throw new ParameterException(spec.commandLine(), "missing IMAGE: --method " + method + " explains one image");
        if (samples < 1 || steps < 1 || stride < 1 || !(noise >= 0))
            throw new ParameterException(spec.commandLine(), "--samples, --steps and --stride must be at least 1 and --noise at least 0");
        int n = threads != null ? ThreadCount.check(spec, threads) : RunContext.defaultThreads();
        try (RunContext ctx = RunContext.of(n, Generator.global())) {
            return ctx.call(this::explain);
        }
    }

    private Integer explain() {
        long start = System.nanoTime();
        ImageClassifier c = ImageClassifier.load(run, "nabla explain");
        Path file = out != null ? out : Path.of(method + ".png");
        PrintWriter w = spec.commandLine().getOut();
        if (method.equals("filters")) {
            String name = Filters.firstConvolution(c.run().model());
            List<BufferedImage> filters = Filters.pictures((Conv2d) c.layer(name));
            Images.writePng(Images.grid(filters, 8, 48, 4), file);
            w.printf(Locale.ROOT, "%d filters of layer %s -> %s%n", filters.size(), name, file);
            w.flush();
            return 0;
        }
        Tensor x = c.image(image);
        float[] p = c.probabilities(x);
        int k = target != null ? c.classIndex(target) : argmax(p);
        String about = String.format(Locale.ROOT, "class %s (p = %.1f%%)", c.classNames().get(k), 100 * p[k]);
        BufferedImage picture = Images.image(x);
        BufferedImage result;
        String detail = method;
        if (method.equals("activations")) {
            String name = c.layerName(layer, x);
            Tensor a = LayerActivations.of(c.pixels(), c.layer(name), x);
            if (a.dim() != 4) throw new IllegalArgumentException("layer " + name + " outputs " + TrainCommand.shape(a.shape()) + ", not feature maps [1, C, H, W]");
            List<BufferedImage> maps = new ArrayList<>();
            for (int ch = 0; ch < Math.min(64, a.size(1)); ch++) maps.add(Images.heatmap(a.select(0, 0).select(0, ch)));
            result = Images.grid(maps, 8, 64, 2);
            detail = "activations of layer " + name + " (" + a.size(1) + " channels" + (a.size(1) > 64 ? ", first 64 drawn" : "") + ")";
            about = "";
        } else {
            Tensor map;
            if (method.equals("gradcam")) {
                String name = c.layerName(layer, x);
                map = GradCam.of(c.pixels(), c.layer(name), x, k).upsampled();
                detail = "gradcam of layer " + name;
            } else if (method.equals("occlusion")) {
                int side = patch != null ? patch : Math.max(1, x.size(2) / 4);
                map = Occlusion.of(c.pixels(), x, k, side, stride, 0.5);
                detail = "occlusion (" + side + "x" + side + " grey patch, stride " + stride + ")";
            } else {
                Tensor g = switch (method) {
                    case "saliency" -> Saliency.gradient(c.pixels(), x, k);
                    case "smoothgrad" -> Saliency.smoothGrad(c.pixels(), x, k, samples, noise, new Generator(seed));
                    case "integrated-gradients" -> Saliency.integratedGradients(c.pixels(), x, null, k, steps);
                    case "guided-backprop" -> Saliency.guidedBackprop(c.pixels(), x, k);
                    default -> Saliency.deconvnet(c.pixels(), x, k);
                };
                map = g.abs().amax(new int[] {0, 1}, false); // the largest magnitude over the channels, per pixel
            }
            result = Images.grid(List.of(picture, Images.heatmap(map), Images.overlay(picture, map, 0.6, CELL)), 3, CELL, 4);
        }
        Images.writePng(result, file);
        w.printf(Locale.ROOT, "%s%s in %.2f s -> %s%n", detail, about.isEmpty() ? "" : " for " + about, (System.nanoTime() - start) * 1e-9, file);
        w.flush();
        return 0;
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return best;
    }
}

package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nabla.data.Dataset;
import org.nabla.explain.Images;
import org.nabla.explain.InputOptimization;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import org.nabla.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla dream}: DeepDream on a layer, or with --class the image a trained classifier sees as that class. */
@Command(name = "dream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"DeepDream: changes an image by gradient ascent to amplify what --layer sees in it (the mean square of its activations), "
                + "with random jitter; writes the start and the dream side by side.",
                "With --class K: class-model visualisation instead, the image that maximises class K's score from grey, with an L2 penalty, "
                        + "jitter and periodic blur."})
final class DreamCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder written by 'nabla train', or a checkpoint folder in it.")
    private Path run;

    @Option(names = "--layer", paramLabel = "NAME", description = "The layer to amplify, by its name in 'nabla summary'. Default: the deepest feature map.")
    private String layer;

    @Option(names = "--image", paramLabel = "FILE", description = "The image to start from. Default: the first test image.")
    private Path image;

    @Option(names = "--class", paramLabel = "K", description = "Draw the class model of class K (index or name) instead of a dream.")
    private String target;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "200", description = "Ascent steps. Default: ${DEFAULT-VALUE}.")
    private int steps;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0.01", description = "Step size in pixels. Default: ${DEFAULT-VALUE}.")
    private double rate;

    @Option(names = "--l2", paramLabel = "W", defaultValue = "0.01", description = "The class model's L2 penalty. Default: ${DEFAULT-VALUE}.")
    private double l2;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of the jitter and the start noise. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--out", paramLabel = "FILE.png", defaultValue = "dream.png", description = "Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads. Default: $NABLA_THREADS or the number of cores.")
    private Integer threads;

    @Override
    public Integer call() throws Exception {
        InputOptimization opt;
        try {
            opt = new InputOptimization(steps, rate, l2, 2, target != null ? 10 : 0);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--steps must be at least 1, --rate above 0 and --l2 at least 0");
        }
        if (target != null && (layer != null || image != null))
            throw new ParameterException(spec.commandLine(), "--class draws a class model from grey: it takes no --layer or --image");
        int n = threads != null ? ThreadCount.check(spec, threads) : RunContext.defaultThreads();
        try (RunContext ctx = RunContext.of(n, Generator.global())) {
            return ctx.call(() -> dream(opt));
        }
    }

    private Integer dream(InputOptimization opt) {
        long start = System.nanoTime();
        ImageClassifier c = ImageClassifier.load(run, "nabla dream");
        Generator gen = new Generator(seed);
        int[] s = c.sampleShape();
        PrintWriter w = spec.commandLine().getOut();
        if (target != null) {
            int k = c.classIndex(target);
            Tensor img = opt.classModel(c.pixels(), new int[] {1, s[0], s[1], s[2]}, k, gen);
            Images.writePng(Images.resize(Images.image(img), 224), out);
            w.printf(Locale.ROOT, "class model of %s (p = %.1f%%) in %.2f s -> %s%n", c.classNames().get(k), 100 * c.probabilities(img)[k],
                    (System.nanoTime() - start) * 1e-9, out);
        } else {
            Tensor x = image != null ? c.image(image) : firstTestImage(c);
            String name = c.layerName(layer, x);
            Tensor dream = opt.deepDream(c.pixels(), c.layer(name), x, gen);
            Images.writePng(Images.grid(List.of(Images.image(x), Images.image(dream)), 2, 224, 4), out);
            w.printf(Locale.ROOT, "DeepDream of layer %s in %.2f s -> %s%n", name, (System.nanoTime() - start) * 1e-9, out);
        }
        w.flush();
        return 0;
    }

    private static Tensor firstTestImage(ImageClassifier c) {
        Dataset test = c.testPixels(1);
        int[] s = c.sampleShape();
        float[] v = new float[test.sampleLength()];
        test.copyFeatures(0, v, 0);
        return Tensor.of(v, 1, s[0], s[1], s[2]);
    }
}

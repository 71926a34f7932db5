package org.nabla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.autograd.GradMode;
import org.nabla.data.Dataset;
import org.nabla.explain.tsne.TSne;
import org.nabla.explain.tsne.Trustworthiness;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import org.nabla.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla tsne}: a layer's features of the test images, embedded by t-SNE and drawn coloured by class. */
@Command(name = "tsne", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Embeds a layer's features of the first N test images in the plane with t-SNE (exact below "
                + TSne.EXACT_BELOW + " points, Barnes-Hut from there) and draws them coloured by class; prints the time and the "
                + "embedding's trustworthiness (k = 5).")
final class TsneCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder written by 'nabla train', or a checkpoint folder in it.")
    private Path run;

    @Option(names = "--layer", paramLabel = "NAME", description = "The layer whose outputs are the features, by its name in 'nabla summary'. Default: the input of the last linear layer.")
    private String layer;

    @Option(names = "--n", paramLabel = "N", defaultValue = "2000", description = "Test images embedded. Default: ${DEFAULT-VALUE}.")
    private int n;

    @Option(names = "--perplexity", paramLabel = "P", defaultValue = "30", description = "Default: ${DEFAULT-VALUE}.")
    private double perplexity;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "1000", description = "Gradient steps (at least 250). Default: ${DEFAULT-VALUE}.")
    private int iterations;

    @Option(names = "--method", paramLabel = "NAME", defaultValue = "auto", description = "exact, barnes-hut or auto. Default: ${DEFAULT-VALUE}.")
    private String method;

    @Option(names = "--out", paramLabel = "FILE.png", defaultValue = "tsne.png", description = "The scatter plot. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--features-out", paramLabel = "FILE.csv", description = "Also write the features (one row per image, its label last), e.g. for scikit-learn.")
    private Path featuresOut;

    @Option(names = "--threads", paramLabel = "N", description = "Threads. Default: $NABLA_THREADS or the number of cores.")
    private Integer threads;

    @Override
    public Integer call() throws Exception {
        if (n < 2) throw new ParameterException(spec.commandLine(), "--n must be at least 2, got " + n);
        TSne.Method m = switch (method) {
            case "exact" -> TSne.Method.EXACT;
            case "barnes-hut" -> TSne.Method.BARNES_HUT;
            case "auto" -> TSne.Method.AUTO;
            default -> throw new ParameterException(spec.commandLine(), "--method must be exact, barnes-hut or auto, got '" + method + "'");
        };
        int t = threads != null ? ThreadCount.check(spec, threads) : RunContext.defaultThreads();
        TSne tsne;
        try {
            tsne = new TSne(perplexity, iterations, 12, 0.5, m, t);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--perplexity must be above 0 and --iterations at least 250");
        }
        try (RunContext ctx = RunContext.of(t, Generator.global())) {
            return ctx.call(() -> embed(tsne));
        }
    }

    private Integer embed(TSne tsne) {
        ImageClassifier c = ImageClassifier.load(run, "nabla tsne");
        Dataset test = c.testPixels(n);
        int count = test.size();
        Module at = layer != null ? c.layer(layer) : lastLinear(c.run().model());
        String where = layer != null ? "layer " + layer : "the input of the last linear layer";
        int[] labels = new int[count];
        double[] features = null;
        int dim = 0;
        int len = test.sampleLength();
        int[] s = c.sampleShape();
        for (int from = 0; from < count; from += 500) {
            int b = Math.min(500, count - from);
            float[] px = new float[b * len];
            for (int i = 0; i < b; i++) {
                test.copyFeatures(from + i, px, i * len);
                labels[from + i] = (int) test.label(from + i);
            }
            Tensor f = features(c, at, layer != null, Tensor.of(px, b, s[0], s[1], s[2]));
            if (features == null) {
                dim = f.numel() / b;
                features = new double[count * dim];
            }
            double[] v = f.toDoubleArray();
            System.arraycopy(v, 0, features, from * dim, v.length);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "t-SNE of %d test images' features at %s (%d values each), %s, %d threads%n", count, where, dim,
                tsne.method() == TSne.Method.EXACT || tsne.method() == TSne.Method.AUTO && count < TSne.EXACT_BELOW ? "exact" : "Barnes-Hut", tsne.threads());
        w.flush();
        if (featuresOut != null) writeCsv(featuresOut, features, labels, count, dim);
        long start = System.nanoTime();
        double[] y = tsne.embed(features, count, dim);
        double seconds = (System.nanoTime() - start) * 1e-9;
        double trust = count > 10 ? Trustworthiness.of(features, dim, y, 2, count, 5) : Double.NaN;
        Plots.scatter(y, labels, c.classNames(), "t-SNE of " + where + " (" + c.run().config().model() + ", " + count + " test images)", out);
        w.printf(Locale.ROOT, "embedded in %.1f s; trustworthiness (k = 5) %.4f -> %s%n", seconds, trust, out);
        w.flush();
        return 0;
    }

    /** The batch's features [B, dim]: the layer's output, or the input of {@code at} (the last linear layer). */
    private static Tensor features(ImageClassifier c, Module at, boolean output, Tensor x) {
        Tensor[] seen = new Tensor[1];
        try (AutoCloseable hook = at.registerForwardHook((m, in, o) -> seen[0] = (Tensor) (output ? o : in.get(0)));
             var g = GradMode.noGrad()) {
            c.pixels().call(x);
        } catch (Exception e) {
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e);
        }
        if (seen[0] == null) throw new IllegalArgumentException("the layer did not run in the model's forward pass");
        return seen[0].reshape(x.size(0), -1);
    }

    private static Module lastLinear(Module model) {
        Module last = null;
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) if (e.getValue() instanceof Linear) last = e.getValue();
        if (last == null) throw new IllegalArgumentException("the model has no linear layer; name the features' layer with --layer");
        return last;
    }

    private static void writeCsv(Path file, double[] f, int[] labels, int n, int dim) {
        try (Writer out = Files.newBufferedWriter(file)) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < n; i++) {
                row.setLength(0);
                for (int k = 0; k < dim; k++) row.append((float) f[i * dim + k]).append(',');
                out.write(row.append(labels[i]).append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the features: " + e.getMessage(), e);
        }
    }
}

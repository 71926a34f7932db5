package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.autograd.GradMode;
import org.nabla.io.Checkpoint;
import org.nabla.models.generative.Gans;
import org.nabla.models.generative.ImageGenerator;
import org.nabla.models.generative.Vae;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla sample}: draws images from a VAE or GAN run and writes them as one PNG grid. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draws images from a model trained by 'nabla train vae|gan|dcgan|cgan|wgan-gp' and writes them as one PNG grid.")
final class SampleCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder or checkpoint of a VAE or GAN.")
    private Path run;

    @Option(names = "--n", paramLabel = "N", defaultValue = "64", description = "Images to draw. Default: ${DEFAULT-VALUE}.")
    private int n;

    @Option(names = "--out", paramLabel = "PNG", required = true, description = "The PNG file to write.")
    private Path out;

    @Option(names = "--class", paramLabel = "K", description = "A conditional model (cgan): draw class K only. Default: the classes in turn, a column each.")
    private Integer classIndex;

    @Option(names = "--interpolate", arity = "2", paramLabel = "SEED",
            description = "Draw one row of N images on the line between the latent points of two seeds A and B.")
    private List<Long> interpolate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of the latent draws. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Override
    public Integer call() {
        if (n < 1) throw new UsageError("--n must be at least 1, got " + n);
        Path dir = TrainedModel.checkpointDir(run);
        Checkpoint checkpoint = Checkpoint.load(dir);
        String where = dir.resolve(Checkpoint.INDEX).toString();
        if (!(checkpoint.config().get(Trainer.METADATA) instanceof Map<?, ?> meta))
            throw new IllegalArgumentException(where + ": no run metadata (this checkpoint was not written by 'nabla train')");
        if (!GenerativeTraining.TASK.equals(meta.get("task")) || !(meta.get("generative") instanceof Map<?, ?> json))
            throw new IllegalArgumentException(run + ": not a generative model's run (" + kind(meta) + "): 'nabla sample' draws from vae, gan, dcgan, cgan and wgan-gp runs");
        GenerativeConfig c = GenerativeConfig.fromJson(json);
        if (c.autoencoder())
            throw new IllegalArgumentException(run + ": an autoencoder's run (" + c.model() + ") reconstructs its input and draws no samples: 'nabla sample' draws from vae, gan, dcgan, cgan and wgan-gp runs");
        int classes = ((Number) meta.get("classes")).intValue();
        if (classIndex != null && !c.conditional())
            throw new UsageError("--class applies to a conditional model (cgan), not " + c.model());
        if (classIndex != null && (classIndex < 0 || classIndex >= classes))
            throw new UsageError("--class " + classIndex + ": the model has " + classes + " classes (0 to " + (classes - 1) + ")");
        int[] shape = ((List<?>) meta.get("sample_shape")).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        Tensor z;
        Tensor images;
        int columns;
        try (var g = GradMode.noGrad()) {
            int latent = c.codeSize();
            z = interpolate != null ? line(Tensor.randn(new Generator(interpolate.get(0)), 1, latent), Tensor.randn(new Generator(interpolate.get(1)), 1, latent), n)
                    : Tensor.randn(new Generator(seed), n, latent);
            if (c.vae()) {
                Vae vae = new Vae(shape, c.hidden(), latent, new Generator(0));
                vae.loadStateDict(checkpoint.model(), true);
                vae.eval();
                images = vae.decode(z).sigmoid();
            } else {
                ImageGenerator gen = GenerativeModels.players(c, shape, classes, new Generator(0)).generator();
                gen.loadStateDict(GenerativeModels.part(checkpoint.model(), "generator", true), true);
                gen.eval();
                Tensor labels = null;
                if (c.conditional()) labels = classIndex != null ? Tensor.full(classIndex, org.nabla.tensor.DType.INT64, n) : GanMeasures.labels(n, classes);
                images = Gans.toUnit(gen.generate(z, labels));
            }
            columns = interpolate != null ? n : c.conditional() && classIndex == null ? Math.min(n, classes) : (int) Math.ceil(Math.sqrt(n));
        }
        ImageGrid.write(images, columns, out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %d image%s from %s (%s) to %s%n", n, n == 1 ? "" : "s", run, c.model(), out);
        w.flush();
        return 0;
    }

    /** {@code n} points on the line from a to b (rows), a and b included. */
    private static Tensor line(Tensor a, Tensor b, int n) {
        Tensor t = n == 1 ? Tensor.zeros(1, 1) : Tensor.linspace(0, 1, n).reshape(n, 1);
        return a.mul(t.rsub(1)).add(b.mul(t));
    }

    private static String kind(Map<?, ?> meta) {
        Object task = meta.get("task");
        Object model = meta.get("config") instanceof Map<?, ?> cfg ? cfg.get("model") : null;
        String what = task == null || task.equals(TrainedModel.SUPERVISED) ? "a classifier's or regressor's run" : "a " + task + " run";
        return model != null ? what + " of " + model : what;
    }
}

package org.nabla.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nabla.autograd.GradMode;
import org.nabla.data.Dataset;
import org.nabla.data.Datasets;
import org.nabla.data.Splits;
import org.nabla.models.generative.Vae;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.task.VaeTask;

/**
 * The test measures of a trained VAE: PyTorch's example's test loss (reconstruction + β·KL summed over the test
 * set, divided by its images, z sampled) and its two terms, the accuracy of a linear probe on μ; samples.png (64 draws
 * from the prior), reconstructions.png (test images over their decoded μ), interpolation.png (8 rows: μ of two
 * test images and 8 points between) and, for a 2-d latent space, manifold.png (decoded grid over [-2, 2]²).
 */
final class VaeMeasures {
    private VaeMeasures() {}

    static Map<String, Object> measure(VaeTask task, GenerativeConfig c, GenerativeTraining.Data data, RunFolder folder) {
        Vae vae = task.model();
        vae.eval();
        Tensor x = LenetJudge.images(data.test(), data.test().size());
        int n = x.size(0);
        double reconstruction = 0, kl = 0;
        Generator gen = new Generator(c.seed() + 1);
        Map<String, Object> m = new LinkedHashMap<>();
        try (var g = GradMode.noGrad()) {
            for (int i = 0; i < n; i += 128) {
                VaeTask.Terms t = task.terms(x.narrow(0, i, Math.min(128, n - i)), gen);
                reconstruction += t.reconstruction().item();
                kl += t.kl().item();
            }
            m.put("loss_per_image", (reconstruction + task.beta() * kl) / n);
            m.put("reconstruction_per_image", reconstruction / n);
            m.put("kl_per_image", kl / n);
            m.put("beta", task.beta());
            m.put("decoder", task.decoder().name().toLowerCase(java.util.Locale.ROOT));
            m.put("latent", vae.latent());
            ImageGrid.write(sample(vae, 64, c.seed()), 8, folder.dir().resolve("samples.png"));
            Tensor shown = x.narrow(0, 0, Math.min(16, n));
            ImageGrid.write(Tensor.cat(List.of(shown, vae.decode(vae.encode(shown).mu()).sigmoid()), 0), shown.size(0), folder.dir().resolve("reconstructions.png"));
            if (n >= 16) ImageGrid.write(interpolation(vae, x.narrow(0, 0, 16)), 10, folder.dir().resolve("interpolation.png"));
            if (vae.latent() == 2) ImageGrid.write(manifold(vae, 20), 20, folder.dir().resolve("manifold.png"));
            Dataset train = data.train().size() > AutoencoderMeasures.PROBE_TRAIN
                    ? Datasets.subset(data.train(), Splits.stratifiedSample(Datasets.labels(data.train()), AutoencoderMeasures.PROBE_TRAIN, new Generator(c.seed())))
                    : data.train();
            UnaryOperator<Tensor> mu = b -> vae.encode(b).mu();
            m.put("linear_probe_accuracy", LinearProbe.accuracy(inBatches(LenetJudge.images(train, train.size()), mu), AutoencoderMeasures.labels(train),
                    inBatches(x, mu), AutoencoderMeasures.labels(data.test()), data.classNames().size(), c.seed()));
        }
        return m;
    }

    /** {@code n} images decoded from z ~ N(0, I) drawn from a generator seeded with {@code seed}, pixels in [0, 1]. */
    static Tensor sample(Vae vae, int n, long seed) {
        return vae.decode(Tensor.randn(new Generator(seed), n, vae.latent())).sigmoid();
    }

    /** Rows of 10: the decoded μ of image 2r, 8 points on the line between, and of image 2r + 1. */
    static Tensor interpolation(Vae vae, Tensor pairs) {
        Tensor mu = vae.encode(pairs).mu();
        List<Tensor> rows = new ArrayList<>();
        for (int r = 0; r < pairs.size(0) / 2; r++) rows.add(line(vae, mu.narrow(0, 2 * r, 1), mu.narrow(0, 2 * r + 1, 1), 10));
        return Tensor.cat(rows, 0);
    }

    /** {@code steps} images decoded along z = (1 - t)·a + t·b, t from 0 to 1. */
    static Tensor line(Vae vae, Tensor a, Tensor b, int steps) {
        Tensor t = Tensor.linspace(0, 1, steps).reshape(steps, 1);
        return vae.decode(a.mul(t.rsub(1)).add(b.mul(t))).sigmoid();
    }

    /** A k x k grid of decoded z over [-2, 2]² (first latent along columns, second along rows, top row +2). */
    static Tensor manifold(Vae vae, int k) {
        float[] z = new float[k * k * 2];
        for (int r = 0; r < k; r++) for (int col = 0; col < k; col++) {
            z[2 * (r * k + col)] = (float) (-2 + 4.0 * col / (k - 1));
            z[2 * (r * k + col) + 1] = (float) (2 - 4.0 * r / (k - 1));
        }
        return vae.decode(Tensor.of(z, k * k, 2)).sigmoid();
    }

    /** {@code f} over images in batches of 500, concatenated. */
    static Tensor inBatches(Tensor images, UnaryOperator<Tensor> f) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < images.size(0); i += 500) out.add(f.apply(images.narrow(0, i, Math.min(500, images.size(0) - i))));
        return Tensor.cat(out, 0);
    }
}

package org.nabla.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.autograd.GradMode;
import org.nabla.data.Dataset;
import org.nabla.data.Datasets;
import org.nabla.data.Splits;
import org.nabla.models.generative.Autoencoder;
import org.nabla.nn.functional.F;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.task.AutoencoderTask;
import org.nabla.train.task.Corruption;

/**
 * The test measures of a trained autoencoder: reconstruction cross-entropy per image and squared error per pixel,
 * PSNR (10·log10(1 / MSE), pixels in [0, 1]); with a corruption, the PSNR of the noisy input too and the gain; the
 * accuracy of a linear probe on the codes; reconstructions.png (clean row, noisy row if any, output row).
 */
final class AutoencoderMeasures {
    /** Training images whose codes train the linear probe. */
    static final int PROBE_TRAIN = 10_000;

    private AutoencoderMeasures() {}

    static Map<String, Object> measure(AutoencoderTask task, GenerativeConfig c, GenerativeTraining.Data data, RunFolder folder) {
        Autoencoder model = task.model();
        model.eval();
        Corruption noise = task.corruption();
        Generator gen = new Generator(c.seed() + 1);
        double bce = 0, mse = 0, noisyMse = 0, activation = 0;
        Tensor x = LenetJudge.images(data.test(), data.test().size());
        int n = x.size(0);
        long pixels = x.numel();
        try (var g = GradMode.noGrad()) {
            for (int i = 0; i < n; i += 500) {
                Tensor clean = x.narrow(0, i, Math.min(500, n - i)), in = noise.apply(clean, gen);
                Tensor code = model.encode(in), logits = model.decode(code);
                bce += F.binaryCrossEntropyWithLogits(logits, clean, null, null, Reduction.SUM).item();
                mse += logits.sigmoid().sub(clean).square().sum().item();
                noisyMse += in.sub(clean).square().sum().item();
                activation += code.sum().item();
                if (i == 0) {
                    Tensor shown = clean.narrow(0, 0, Math.min(16, clean.size(0)));
                    Tensor noisy = in.narrow(0, 0, shown.size(0)), out = logits.narrow(0, 0, shown.size(0)).sigmoid();
                    List<Tensor> rows = noise == Corruption.NONE ? List.of(shown, out) : List.of(shown, noisy, out);
                    ImageGrid.write(Tensor.cat(rows, 0), shown.size(0), folder.dir().resolve("reconstructions.png"));
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reconstruction_bce_per_image", bce / n);
        m.put("mse_per_pixel", mse / pixels);
        m.put("psnr_db", psnr(mse / pixels));
        if (noise != Corruption.NONE) {
            m.put("noise", noise.toString());
            m.put("noisy_psnr_db", psnr(noisyMse / pixels));
            m.put("psnr_gain_db", psnr(mse / pixels) - psnr(noisyMse / pixels));
        }
        m.put("code_size", model.codeSize());
        m.put("code_mean_activation", activation / ((double) n * model.codeSize()));
        m.put("linear_probe_accuracy", probe(model, data, c.seed()));
        return m;
    }

    /** PSNR in dB of a mean squared error of pixels in [0, 1]. */
    static double psnr(double mse) { return 10 * Math.log10(1 / mse); }

    /** Test accuracy of a logistic regression on the codes of clean images ({@link LinearProbe}). */
    private static double probe(Autoencoder model, GenerativeTraining.Data data, long seed) {
        Dataset train = data.train().size() > PROBE_TRAIN
                ? Datasets.subset(data.train(), Splits.stratifiedSample(Datasets.labels(data.train()), PROBE_TRAIN, new Generator(seed))) : data.train();
        try (var g = GradMode.noGrad()) {
            Tensor trainCodes = codes(model, train), testCodes = codes(model, data.test());
            return LinearProbe.accuracy(trainCodes, labels(train), testCodes, labels(data.test()), data.classNames().size(), seed);
        }
    }

    static Tensor codes(Autoencoder model, Dataset d) { return VaeMeasures.inBatches(LenetJudge.images(d, d.size()), model::encode); }

    static Tensor labels(Dataset d) { return Tensor.of(Datasets.labels(d), d.size()); }
}

package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nabla.cli.BadInputTest.assertOneLineError;
import static org.nabla.cli.BadInputTest.assertUsageError;
import static org.nabla.cli.BadInputTest.withData;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Json;
import org.nabla.io.SafeTensors;
import org.nabla.models.Models;
import org.nabla.tensor.Generator;

/** {@code nabla train vae|denoising-ae|cgan} and {@code nabla sample} on a small generated MNIST, and their one-line errors. */
class GenerativeCommandTest {
    @TempDir static Path tmp;
    private static Path data;
    private static String oldCache;

    /**
     * MNIST's four IDX files with 200 training and 60 test images (class c: a bright band on rows 2c+4..2c+6), and a
     * LeNet-5 judge in the cache (fresh weights: the tests check what is measured, not how well), so no test trains one.
     */
    @BeforeAll
    static void smallMnistAndAJudge() throws IOException {
        data = tmp.resolve("data");
        MultiTaskCommandTest.writeBandedIdx(Files.createDirectories(data.resolve("mnist")), 200, 60, new Random(3), 40);
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        oldCache = System.setProperty("nabla.cache", cache.toString());
        SafeTensors.save(LenetJudge.cacheFile("mnist"), Models.lenet5(1, 2, 10, new Generator(0)).stateDict());
    }

    @AfterAll
    static void restoreCache() {
        if (oldCache == null) System.clearProperty("nabla.cache");
        else System.setProperty("nabla.cache", oldCache);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> test(Path run) throws IOException {
        return (Map<String, Object>) Json.parseObject(Files.readString(run.resolve("summary.json"))).get("test");
    }

    private static BufferedImage png(Path p) throws IOException { return ImageIO.read(p.toFile()); }

    /** The pixel size of a grid of r rows and c columns of 28x28 images (scaled by 2, 2-pixel gaps). */
    private static int[] grid(int rows, int columns) { return new int[] {columns * 58 + 2, rows * 58 + 2}; }

    @Test
    void aVaeRunWritesPyTorchsTestLossItsPngsAndSamples() throws IOException {
        Path run = tmp.resolve("vae");
        Cli.Run r = withData(data, "train", "vae", "--latent", "2", "--epochs", "2", "--threads", "1", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("training vae (variational autoencoder").contains("200 train / 60 test images of 1x28x28")
                .contains("adam lr 0.001 betas (0.9, 0.999), batch 128, 2 epochs");
        Map<String, Object> test = test(run);
        double loss = ((Number) test.get("loss_per_image")).doubleValue(), rec = ((Number) test.get("reconstruction_per_image")).doubleValue(),
                kl = ((Number) test.get("kl_per_image")).doubleValue();
        assertThat(loss).isCloseTo(rec + kl, org.assertj.core.data.Offset.offset(1e-6 * loss));
        assertThat(kl).isPositive();
        assertThat(((Number) test.get("linear_probe_accuracy")).doubleValue()).isBetween(0.0, 1.0);
        for (String f : new String[] {"samples.png", "reconstructions.png", "interpolation.png", "manifold.png", "loss.png", "checkpoint/last"})
            assertThat(run.resolve(f)).exists();
        BufferedImage manifold = png(run.resolve("manifold.png"));
        assertThat(new int[] {manifold.getWidth(), manifold.getHeight()}).containsExactly(grid(20, 20));

        Path grid = tmp.resolve("grid.png");
        Cli.Run s = Cli.run("sample", run.toString(), "--n", "9", "--out", grid.toString());
        assertThat(s.exitCode()).as(s.err()).isZero();
        assertThat(s.out()).contains("wrote 9 images from " + run + " (vae) to " + grid);
        assertThat(new int[] {png(grid).getWidth(), png(grid).getHeight()}).containsExactly(grid(3, 3));
        Path line = tmp.resolve("line.png");
        assertThat(Cli.run("sample", run.toString(), "--interpolate", "1", "2", "--n", "7", "--out", line.toString()).exitCode()).isZero();
        assertThat(new int[] {png(line).getWidth(), png(line).getHeight()}).containsExactly(grid(1, 7));
        assertUsageError(Cli.run("sample", run.toString(), "--n", "0", "--out", grid.toString()), "--n must be at least 1, got 0");
        assertUsageError(Cli.run("sample", run.toString(), "--class", "3", "--out", grid.toString()), "--class applies to a conditional model (cgan), not vae");
        assertOneLineError(Cli.run("eval", run.toString()), "a generative model's run: 'nabla sample' draws from a VAE or GAN");
    }

    @Test
    void aDenoisingAutoencoderReportsThePsnrGainAndRefusesToSample() throws IOException {
        Path run = tmp.resolve("denoising");
        Cli.Run r = withData(data, "train", "denoising-ae", "--epochs", "2", "--threads", "1", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> test = test(run);
        assertThat(test.get("noise")).isEqualTo("gaussian 0.5");
        double psnr = ((Number) test.get("psnr_db")).doubleValue(), noisy = ((Number) test.get("noisy_psnr_db")).doubleValue();
        assertThat(((Number) test.get("psnr_gain_db")).doubleValue()).isCloseTo(psnr - noisy, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(test).containsKeys("reconstruction_bce_per_image", "mse_per_pixel", "code_mean_activation", "linear_probe_accuracy");
        BufferedImage rec = png(run.resolve("reconstructions.png")); // clean, noisy and denoised rows of 16
        assertThat(new int[] {rec.getWidth(), rec.getHeight()}).containsExactly(grid(3, 16));
        assertOneLineError(Cli.run("sample", run.toString(), "--out", tmp.resolve("x.png").toString()),
                "an autoencoder's run (denoising-ae) reconstructs its input and draws no samples");
    }

    @Test
    void aConditionalGanIsMeasuredByTheJudgeAndSamplesARequestedClass() throws IOException {
        Path run = tmp.resolve("cgan");
        Cli.Run r = withData(data, "train", "cgan", "--epochs", "1", "--batch-size", "50", "--threads", "1", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> test = test(run);
        assertThat(test).containsKeys("lenet_fid", "lenet_fid_real_floor", "inception_score", "inception_score_test_set", "classes_covered", "class_shares");
        assertThat(((Number) test.get("lenet_fid")).doubleValue()).isGreaterThan(((Number) test.get("lenet_fid_real_floor")).doubleValue());
        assertThat(((Number) test.get("requested_class_accuracy")).doubleValue()).isBetween(0.0, 1.0);
        assertThat(((Number) test.get("samples")).intValue()).isEqualTo(60);
        BufferedImage epoch = png(run.resolve("samples-epoch-1.png")); // a column per class
        assertThat(new int[] {epoch.getWidth(), epoch.getHeight()}).containsExactly(grid(10, 10));

        Path three = tmp.resolve("three.png");
        assertThat(Cli.run("sample", run.toString(), "--class", "3", "--n", "4", "--out", three.toString()).exitCode()).isZero();
        assertThat(three).exists();
        assertUsageError(Cli.run("sample", run.toString(), "--class", "12", "--out", three.toString()), "--class 12: the model has 10 classes (0 to 9)");
    }

    @Test
    void sampleRefusesAClassifiersRun() {
        Path run = tmp.resolve("classifier");
        assertThat(Cli.run("train", "--epochs", "1", "--threads", "1", "--out", run.toString()).exitCode()).isZero();
        assertOneLineError(Cli.run("sample", run.toString(), "--out", tmp.resolve("y.png").toString()),
                "not a generative model's run (a classifier's or regressor's run of mlp): 'nabla sample' draws from vae, gan, dcgan, cgan and wgan-gp runs");
    }

    @Test
    void generativeOptionsAreCheckedInOneLine() {
        assertUsageError(withData(data, "train", "vae", "--noise", "gaussian:0.5"), "--noise does not apply to vae");
        assertUsageError(withData(data, "train", "ae", "--dataset", "digits"), "--dataset digits: ae trains on mnist or fashion-mnist");
        assertUsageError(withData(data, "train", "denoising-ae", "--noise", "salt:0.2"), "--noise salt:0.2: give gaussian:SIGMA or masking:P");
        assertUsageError(withData(data, "train", "sparse-ae", "--sparsity", "kl:1.5:1"), "--sparsity kl:1.5:1: the KL sparsity target ρ must be in (0, 1), got 1.5");
        assertUsageError(withData(data, "train", "dcgan", "--optimizer", "sgd"), "--optimizer does not apply to dcgan");
        assertUsageError(withData(data, "train", "mlp", "--latent", "3"), "apply to the generative models (ae, sparse-ae");
    }
}

package org.nabla.train.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradCheck;
import org.nabla.autograd.GradMode;
import org.nabla.data.DataLoader;
import org.nabla.data.TensorDataset;
import org.nabla.models.generative.Autoencoder;
import org.nabla.models.generative.Gans;
import org.nabla.models.generative.Vae;
import org.nabla.nn.functional.F;
import org.nabla.optim.Adam;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.Trainer;

/** The generative tasks: autoencoders (sparse, denoising), the VAE's ELBO, the GAN players' turns and WGAN-GP's penalty. */
class GenerativeTasksTest {
    /** 240 images 1 x 8 x 8 with pixels in [0, 1]: class c (of 6) is a bright band on row c + 1 over a dim noisy background. */
    static TensorDataset bands() {
        Generator g = new Generator(11);
        int n = 240;
        float[] px = new float[n * 64];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 6;
            for (int p = 0; p < 64; p++) px[i * 64 + p] = p / 8 == labels[i] + 1 ? 0.8f + 0.2f * g.nextFloat() : 0.15f * g.nextFloat();
        }
        return new TensorDataset(List.of(Tensor.of(px, n, 1, 8, 8)), List.of(Tensor.of(labels, n)));
    }

    private static DataLoader loader(TensorDataset d) { return DataLoader.builder(d).batchSize(32).shuffle(3).build(); }

    private static Tensor all(TensorDataset d) { return d.batch(java.util.stream.IntStream.range(0, d.size()).toArray()).x(); }

    private static AutoencoderTask autoencoder(AutoencoderTask.Sparsity sparsity, Corruption noise, boolean sigmoidCode) {
        Autoencoder ae = Autoencoder.mlp(new int[] {1, 8, 8}, 32, 6, sigmoidCode, new Generator(5));
        return new AutoencoderTask(ae, new Adam(ae.parameters(), Adam.Options.defaults().withLr(1e-2)), sparsity, noise);
    }

    /** The mean squared error of the reconstruction of x from input. */
    private static double mse(Autoencoder ae, Tensor input, Tensor x) {
        try (var g = GradMode.noGrad()) {
            return ae.call(input).sigmoid().sub(x).square().mean().item();
        }
    }

    @Test
    void anAutoencoderLearnsToReconstructAndADenoisingOneRemovesNoise() {
        Generator.manualSeed(1);
        TensorDataset data = bands();
        Tensor x = all(data);
        AutoencoderTask plain = autoencoder(AutoencoderTask.Sparsity.NONE, Corruption.NONE, false);
        double before = mse(plain.model(), x, x);
        List<Map<String, Double>> logs = Trainer.builder(plain).train(loader(data)).build().fit(15);
        assertThat(logs.getLast().get("train_loss")).isLessThan(logs.getFirst().get("train_loss"));
        assertThat(mse(plain.model(), x, x)).as("from %s", before).isLessThan(before / 5);

        AutoencoderTask denoising = autoencoder(AutoencoderTask.Sparsity.NONE, Corruption.gaussian(0.5), false);
        Trainer.builder(denoising).train(loader(data)).build().fit(15);
        Tensor noisy = Corruption.gaussian(0.5).apply(x, new Generator(9));
        double noisyMse = noisy.sub(x).square().mean().item();
        assertThat(mse(denoising.model(), noisy, x)).as("the noisy input's error is %s", noisyMse).isLessThan(noisyMse / 4);
    }

    @Test
    void theKlSparsityPenaltyDrivesTheMeanCodeActivationTowardsRho() {
        Generator.manualSeed(1);
        TensorDataset data = bands();
        Tensor x = all(data);
        AutoencoderTask free = autoencoder(AutoencoderTask.Sparsity.NONE, Corruption.NONE, true);
        AutoencoderTask sparse = autoencoder(AutoencoderTask.Sparsity.kl(1, 0.05), Corruption.NONE, true);
        Trainer.builder(free).train(loader(data)).build().fit(10);
        Trainer.builder(sparse).train(loader(data)).build().fit(10);
        double freeMean, sparseMean;
        try (var g = GradMode.noGrad()) {
            freeMean = free.model().encode(x).mean().item();
            sparseMean = sparse.model().encode(x).mean().item();
        }
        assertThat(sparseMean).as("free code's mean %s", freeMean).isLessThan(0.12).isLessThan(freeMean / 2);
    }

    @Test
    void sparsityPenaltiesAreTheirFormulas() {
        Tensor h = Tensor.of(new double[] {0.1, 0.7, -0.2, 0.4, 0.3, 0.05}, 2, 3);
        assertThat(AutoencoderTask.Sparsity.l1(0.5).penalty(h).item()).isCloseTo(0.5 * (0.1 + 0.7 + 0.2 + 0.4 + 0.3 + 0.05) / 2, within(1e-12));
        Tensor q = Tensor.of(new double[] {0.1, 0.7, 0.2, 0.4, 0.3, 0.05}, 2, 3);
        double rho = 0.05, want = 0;
        double[] means = {(0.1 + 0.4) / 2, (0.7 + 0.3) / 2, (0.2 + 0.05) / 2};
        for (double m : means) want += rho * Math.log(rho / m) + (1 - rho) * Math.log((1 - rho) / (1 - m));
        assertThat(AutoencoderTask.Sparsity.kl(2, rho).penalty(q).item()).isCloseTo(2 * want, within(1e-12));
    }

    @Test
    void theVaeKlIsTheAnalyticFormulaAndTheElboFalls() {
        double[] mu = {0.3, -1.2, 0.5, 0.0}, logvar = {-0.5, 0.2, 1.1, -2.0};
        double want = 0;
        for (int i = 0; i < 4; i++) want += -0.5 * (1 + logvar[i] - mu[i] * mu[i] - Math.exp(logvar[i]));
        assertThat(VaeTask.kl(Tensor.of(mu, 2, 2), Tensor.of(logvar, 2, 2)).item()).isCloseTo(want, within(1e-12));

        Generator.manualSeed(2);
        TensorDataset data = bands();
        Vae vae = new Vae(new int[] {1, 8, 8}, 32, 2, new Generator(4));
        assertThat(vae.stateDict().keySet()).containsExactly("fc1.weight", "fc1.bias", "fc21.weight", "fc21.bias", "fc22.weight", "fc22.bias",
                "fc3.weight", "fc3.bias", "fc4.weight", "fc4.bias"); // PyTorch's example's names
        VaeTask task = new VaeTask(vae, new Adam(vae.parameters(), Adam.Options.defaults().withLr(1e-2)), VaeTask.Decoder.BERNOULLI, 1);
        List<Map<String, Double>> logs = Trainer.builder(task).train(loader(data)).build().fit(10);
        assertThat(logs.getLast().get("train_loss")).isLessThan(0.8 * logs.getFirst().get("train_loss"));
        VaeTask.Terms t = task.terms(all(data), new Generator(1));
        assertThat(t.loss(4).item()).isCloseTo(t.reconstruction().item() + 4 * t.kl().item(), within(1e-2));
    }

    @Test
    void aWganGpCriticUpdatesEveryStepAndTheGeneratorEveryCriticStepsSteps() {
        Generator.manualSeed(3);
        Gans.Players p = Gans.mlp(new int[] {1, 8, 8}, 4, 0, new Generator(6));
        Adam gOpt = new Adam(p.generator().parameters(), Adam.Options.defaults().withLr(1e-3).withBetas(0, 0.9));
        Adam dOpt = new Adam(p.critic().parameters(), Adam.Options.defaults().withLr(1e-3).withBetas(0, 0.9));
        GanTask task = new GanTask(p, gOpt, dOpt, GanTask.Objective.WASSERSTEIN_GP, 3, 10);
        Trainer t = Trainer.builder(task).train(DataLoader.builder(bands()).batchSize(40).build()).build();
        t.fit(1); // 6 steps: the critic steps 6 times, the generator at steps 3 and 6
        assertThat(dOpt.state(p.critic().parameters().getFirst()).numbers().get("step")).isEqualTo(6.0);
        assertThat(gOpt.state(p.generator().parameters().getFirst()).numbers().get("step")).isEqualTo(2.0);
    }

    @Test
    void aConditionalGanStepsBothPlayersOnLabelledImages() {
        Generator.manualSeed(4);
        Gans.Players p = Gans.mlp(new int[] {1, 8, 8}, 4, 6, new Generator(6));
        Tensor before = p.generator().stateDict().get("labels.weight").copy(), criticBefore = p.critic().stateDict().get("labels.weight").copy();
        Adam.Options o = Adam.Options.defaults().withLr(2e-4).withBetas(0.5, 0.999);
        GanTask task = new GanTask(p, new Adam(p.generator().parameters(), o), new Adam(p.critic().parameters(), o), GanTask.Objective.NON_SATURATING, 1, 0);
        List<Map<String, Double>> logs = Trainer.builder(task).train(DataLoader.builder(bands()).batchSize(40).build()).build().fit(1);
        assertThat(logs.getLast().get("train_loss")).isPositive();
        // both players' label embeddings learn
        assertThat(p.generator().stateDict().get("labels.weight").toFloatArray()).isNotEqualTo(before.toFloatArray());
        assertThat(p.critic().stateDict().get("labels.weight").toFloatArray()).isNotEqualTo(criticBefore.toFloatArray());
    }

    @Test
    void theGradientPenaltyOfALinearCriticIsItsNormsDistanceFromOne() {
        Tensor w = Tensor.of(new double[] {0.6, -0.3, 1.2, 0.1}, 4, 1);
        Tensor real = Tensor.rand(new Generator(1), 5, 4).to(DType.FLOAT64), fake = Tensor.rand(new Generator(2), 5, 4).to(DType.FLOAT64);
        double norm = Math.sqrt(0.36 + 0.09 + 1.44 + 0.01);
        double penalty = GanTask.gradientPenalty(x -> x.matmul(w), real, fake, new Generator(3)).item();
        assertThat(penalty).isCloseTo((norm - 1) * (norm - 1), within(1e-9));
    }

    /**
     * The penalty's gradient with respect to the critic's weights goes through a double backward of the critic:
     * finite differences check it (a tanh MLP critic in float64; the images are constants, as in training).
     */
    @Test
    void theGradientPenaltyPassesAGradientCheckThroughTheSecondBackward() {
        Generator g = new Generator(8);
        Tensor w1 = Tensor.randn(g, 5, 6).to(DType.FLOAT64).requiresGrad(true), b1 = Tensor.randn(g, 5).to(DType.FLOAT64).requiresGrad(true);
        Tensor w2 = Tensor.randn(g, 1, 5).to(DType.FLOAT64).requiresGrad(true);
        Tensor real = Tensor.rand(g, 3, 6).to(DType.FLOAT64), fake = Tensor.rand(g, 3, 6).to(DType.FLOAT64);
        GradCheck.assertGradients(in -> GanTask.gradientPenalty(x -> F.linear(F.linear(x, in[0], in[1]).tanh(), in[2], null), real, fake, new Generator(5)),
                w1, b1, w2);
    }
}

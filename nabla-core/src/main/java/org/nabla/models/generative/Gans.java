package org.nabla.models.generative;

import java.util.Arrays;
import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.ConvNd;
import org.nabla.nn.ConvTranspose2d;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.LeakyReLU;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.activation.Tanh;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** The two players of the GANs: the original MLP GAN and DCGAN (28x28), optionally conditioned on a class. */
public final class Gans {
    private Gans() {}

    /** A generator and its critic. */
    public record Players(ImageGenerator generator, ImageCritic critic) {}

    /**
     * Goodfellow et al.'s MLP GAN: generator z → 256 → 512 → D (LeakyReLU 0.2, tanh), discriminator D → 512 → 256 → 1
     * (LeakyReLU 0.2); PyTorch's default initialisation.
     */
    public static Players mlp(int[] sampleShape, int latent, int classes, Generator gen) {
        int d = Math.toIntExact(Arrays.stream(sampleShape).asLongStream().reduce(1, Math::multiplyExact));
        int c = sampleShape[0];
        Sequential g = new Sequential(new Linear(latent + classes, 256, true, gen), new LeakyReLU(0.2), new Linear(256, 512, true, gen), new LeakyReLU(0.2),
                new Linear(512, d, true, gen), new Tanh(), new Autoencoder.Unflatten(sampleShape));
        int dIn = d / c * (c + (classes > 0 ? 1 : 0));
        Sequential disc = new Sequential(new Flatten(), new Linear(dIn, 512, true, gen), new LeakyReLU(0.2), new Linear(512, 256, true, gen),
                new LeakyReLU(0.2), new Linear(256, 1, true, gen));
        return new Players(new ImageGenerator(g, latent, classes, false, sampleShape, gen), new ImageCritic(disc, classes, sampleShape, gen));
    }

    /**
     * DCGAN for C x 28 x 28 images, as {@code ref_bench.py dcgan} builds it: generator ConvT(z, 128, 7) BN ReLU,
     * ConvT(128, 64, 4, 2, 1) BN ReLU, ConvT(64, C, 4, 2, 1) tanh; discriminator Conv(C, 64, 4, 2, 1) LeakyReLU(0.2),
     * Conv(64, 128, 4, 2, 1) BN LeakyReLU(0.2), Conv(128, 1, 7); no biases. The paper's initialisation: convolution
     * weights N(0, 0.02), batch-norm scales N(1, 0.02) and shifts 0. {@code batchNormInCritic} false leaves the
     * critic's batch norm out (WGAN-GP: the penalty is per sample).
     */
    public static Players dcgan(int[] sampleShape, int latent, int classes, boolean batchNormInCritic, Generator gen) {
        if (sampleShape.length != 3 || sampleShape[1] != 28 || sampleShape[2] != 28)
            throw new IllegalArgumentException("dcgan takes C x 28 x 28 images, got " + Arrays.toString(sampleShape));
        int c = sampleShape[0], cIn = c + (classes > 0 ? 1 : 0);
        Sequential g = new Sequential(
                ConvTranspose2d.builder(latent + classes, 128, 7).bias(false).generator(gen).build(), new BatchNorm2d(128), new ReLU(),
                ConvTranspose2d.builder(128, 64, 4).stride(2).padding(1).bias(false).generator(gen).build(), new BatchNorm2d(64), new ReLU(),
                ConvTranspose2d.builder(64, c, 4).stride(2).padding(1).bias(false).generator(gen).build(), new Tanh());
        Sequential d = new Sequential(Conv2d.builder(cIn, 64, 4).stride(2).padding(1).bias(false).generator(gen).build(), new LeakyReLU(0.2),
                Conv2d.builder(64, 128, 4).stride(2).padding(1).bias(false).generator(gen).build());
        if (batchNormInCritic) d.add(new BatchNorm2d(128));
        d.add(new LeakyReLU(0.2));
        d.add(Conv2d.builder(128, 1, 7).bias(false).generator(gen).build());
        d.add(new Flatten());
        paperInit(g, gen);
        paperInit(d, gen);
        return new Players(new ImageGenerator(g, latent, classes, true, sampleShape, gen), new ImageCritic(d, classes, sampleShape, gen));
    }

    /** DCGAN's initialisation of the convolutions and batch norms in {@code m}. */
    public static void paperInit(Module m, Generator gen) {
        for (Module child : m.namedModules().values()) {
            if (child instanceof ConvNd conv) Init.normal(conv.weight, 0, 0.02, gen);
            if (child instanceof BatchNorm2d bn) {
                Init.normal(bn.weight, 1, 0.02, gen);
                Init.zeros(bn.bias);
            }
        }
    }

    /** Images in [-1, 1] (a generator's tanh) to pixels in [0, 1]. */
    public static Tensor toUnit(Tensor images) { return images.add(1).mul(0.5).clamp(0, 1); }

    /** Pixels in [0, 1] to [-1, 1], what the players see. */
    public static Tensor fromUnit(Tensor pixels) { return pixels.mul(2).sub(1); }
}

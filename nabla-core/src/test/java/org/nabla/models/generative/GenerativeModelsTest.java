package org.nabla.models.generative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Shapes, parameter counts and initialisation of the autoencoders, the VAE and the GAN players. */
class GenerativeModelsTest {
    @Test
    void autoencodersMapImagesToCodesAndBack() {
        Tensor x = Tensor.rand(new Generator(1), 3, 1, 28, 28);
        Autoencoder mlp = Autoencoder.mlp(new int[] {1, 28, 28}, 64, 16, false, new Generator(2));
        assertThat(mlp.encode(x).shape()).containsExactly(3, 16);
        assertThat(mlp.call(x).shape()).containsExactly(3, 1, 28, 28);
        Autoencoder conv = Autoencoder.conv(new int[] {1, 28, 28}, 8, true, new Generator(2));
        Tensor code = conv.encode(x);
        assertThat(code.shape()).containsExactly(3, 8);
        assertThat(code.min().item()).isGreaterThan(0); // a sigmoid code, for the KL sparsity penalty
        assertThat(conv.decode(code).shape()).containsExactly(3, 1, 28, 28);
        assertThatThrownBy(() -> Autoencoder.conv(new int[] {1, 30, 30}, 8, false, new Generator(2)))
                .hasMessage("conv autoencoder takes C x H x W images with H and W multiples of 4, got [1, 30, 30]");
    }

    @Test
    void theVaeIsPyTorchsExample() {
        Vae vae = Vae.mnist(new Generator(1));
        long params = vae.parameters().stream().mapToLong(p -> p.numel()).sum();
        assertThat(params).isEqualTo((784 * 400 + 400) + 2 * (400 * 20 + 20) + (20 * 400 + 400) + (400 * 784 + 784));
        Vae.Output out = vae.call(Tensor.rand(new Generator(2), 4, 1, 28, 28), new Generator(3));
        assertThat(out.logits().shape()).containsExactly(4, 1, 28, 28);
        assertThat(out.mu().shape()).containsExactly(4, 20);
        assertThat(out.logvar().shape()).containsExactly(4, 20);
    }

    /** ref_bench.py's dcgan_players: the same layers, so the same parameter count, and the paper's N(0, 0.02) weights. */
    @Test
    void dcganPlayersMatchTheReferenceBenchmarksAndThePapersInit() {
        Gans.Players p = Gans.dcgan(new int[] {1, 28, 28}, 100, 0, true, new Generator(1));
        long g = p.generator().parameters().stream().mapToLong(t -> t.numel()).sum(), d = p.critic().parameters().stream().mapToLong(t -> t.numel()).sum();
        assertThat(g).isEqualTo(100 * 128 * 49 + 2 * 128 + 128 * 64 * 16 + 2 * 64 + 64 * 16);
        assertThat(d).isEqualTo(64 * 16 + 64 * 128 * 16 + 2 * 128 + 128 * 49);
        Tensor w = p.generator().stateDict().get("net.0.weight");
        double std = w.sub(w.mean()).square().mean().sqrt().item();
        assertThat(std).isBetween(0.019, 0.021);
        assertThat(p.generator().stateDict().get("net.1.bias").abs().max().item()).isZero();
        Tensor images = p.generator().generate(p.generator().noise(5, new Generator(2)), null);
        assertThat(images.shape()).containsExactly(5, 1, 28, 28);
        assertThat(images.abs().max().item()).isLessThanOrEqualTo(1);
        assertThat(p.critic().score(images, null).shape()).containsExactly(5, 1);
        assertThat(Gans.dcgan(new int[] {1, 28, 28}, 100, 0, false, new Generator(1)).critic().stateDict()).doesNotContainKey("net.3.running_mean");
    }

    @Test
    void conditionalPlayersTakeTheClass() {
        Gans.Players p = Gans.mlp(new int[] {1, 8, 8}, 4, 3, new Generator(1));
        Tensor y = Tensor.of(new long[] {0, 2}, 2);
        Tensor images = p.generator().generate(p.generator().noise(2, new Generator(2)), y);
        assertThat(images.shape()).containsExactly(2, 1, 8, 8);
        assertThat(p.critic().score(images, y).shape()).containsExactly(2, 1);
        assertThatThrownBy(() -> p.generator().generate(p.generator().noise(2, new Generator(2)), null))
                .hasMessageContaining("a conditional generator needs the class of each sample");
    }
}

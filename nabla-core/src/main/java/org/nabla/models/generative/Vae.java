package org.nabla.models.generative;

import java.util.Arrays;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The variational autoencoder of PyTorch's examples/vae, with its parameter names: fc1 (D → hidden), fc21 and fc22
 * (hidden → latent: the Gaussian encoder's μ and log σ²), fc3 and fc4 (latent → hidden → D: the decoder's logits,
 * Bernoulli means after a sigmoid, or Gaussian means). {@link #call(Tensor, Generator)} samples z = μ + σ·ε
 * (the reparameterisation) and returns the logits with μ and log σ².
 */
public final class Vae extends Module {
    /** The decoder's logits, and the encoder's μ and log σ². */
    public record Output(Tensor logits, Tensor mu, Tensor logvar) {}

    private final Submodule<Linear> fc1, fc21, fc22, fc3, fc4;
    private final int[] sampleShape;
    private final int latent;

    public Vae(int[] sampleShape, int hidden, int latent, Generator gen) {
        if (hidden <= 0 || latent <= 0) throw new IllegalArgumentException("vae: hidden and latent sizes must be positive, got " + hidden + " and " + latent);
        int d = Math.toIntExact(Arrays.stream(sampleShape).asLongStream().reduce(1, Math::multiplyExact));
        fc1 = registerModule("fc1", Linear.class, new Linear(d, hidden, true, gen));
        fc21 = registerModule("fc21", Linear.class, new Linear(hidden, latent, true, gen));
        fc22 = registerModule("fc22", Linear.class, new Linear(hidden, latent, true, gen));
        fc3 = registerModule("fc3", Linear.class, new Linear(latent, hidden, true, gen));
        fc4 = registerModule("fc4", Linear.class, new Linear(hidden, d, true, gen));
        this.sampleShape = sampleShape.clone();
        this.latent = latent;
    }

    /** PyTorch's example: 784-400-20. */
    public static Vae mnist(Generator gen) { return new Vae(new int[] {1, 28, 28}, 400, 20, gen); }

    /** μ and log σ² of q(z | x) for images [N, ...sampleShape], as an {@link Output} without logits. */
    public Output encode(Tensor x) {
        Tensor h = fc1.get().call(x.reshape(x.size(0), -1)).relu();
        return new Output(null, fc21.get().call(h), fc22.get().call(h));
    }

    /** The decoder's logits for codes z [N, latent], shaped as images. */
    public Tensor decode(Tensor z) {
        int[] s = new int[sampleShape.length + 1];
        s[0] = z.size(0);
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return fc4.get().call(fc3.get().call(z).relu()).reshape(s);
    }

    /** z = μ + exp(log σ² / 2)·ε with ε ~ N(0, I) drawn from {@code gen}. */
    public static Tensor reparameterize(Tensor mu, Tensor logvar, Generator gen) {
        return mu.add(Tensor.randn(gen, mu.shape()).mul(logvar.mul(0.5).exp()));
    }

    /** Encodes, samples z from {@code gen} and decodes. */
    public Output call(Tensor x, Generator gen) { return invoke(() -> forward(x, gen), x); }

    private Output forward(Tensor x, Generator gen) {
        Output q = encode(x);
        return new Output(decode(reparameterize(q.mu(), q.logvar(), gen)), q.mu(), q.logvar());
    }

    /** The reconstruction's logits, z drawn from the global generator. */
    @Override
    public Tensor forward(Tensor x) { return forward(x, Generator.global()).logits(); }

    public int latent() { return latent; }

    public int[] sampleShape() { return sampleShape.clone(); }
}

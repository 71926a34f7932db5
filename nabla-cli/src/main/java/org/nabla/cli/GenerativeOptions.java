package org.nabla.cli;

import picocli.CommandLine.Option;

/** The options of {@code nabla train} that only the generative models read (autoencoders, VAE, GANs). */
final class GenerativeOptions {
    @Option(names = "--code-size", paramLabel = "N", description = "Autoencoders: units of the code (32; sparse-ae 64). VAE and GANs: see --latent.")
    Integer codeSize;

    @Option(names = "--latent", paramLabel = "N", description = "VAE: latent dimensions (20; 2 draws manifold.png). GANs: noise dimensions (100).")
    Integer latent;

    @Option(names = "--hidden", paramLabel = "N", description = "MLP autoencoders and VAE: hidden units (ae 256, vae 400).")
    Integer hidden;

    @Option(names = "--beta", paramLabel = "W", description = "VAE: weight of the KL term (1: the ELBO; > 1: a beta-VAE).")
    Double beta;

    @Option(names = "--decoder", paramLabel = "KIND", description = "VAE: bernoulli (binary cross-entropy, default) or gaussian (squared error).")
    String decoder;

    @Option(names = "--noise", paramLabel = "KIND:LEVEL",
            description = "Autoencoders: corrupt the input, gaussian:SIGMA or masking:P (denoising-ae default: gaussian:0.5).")
    String noise;

    @Option(names = "--sparsity", paramLabel = "SPEC",
            description = "Autoencoders: l1:WEIGHT (on the code) or kl:RHO:WEIGHT (target mean activation RHO; sparse-ae default: kl:0.05:1).")
    String sparsity;

    @Option(names = "--critic-steps", paramLabel = "N", description = "wgan-gp: critic updates per generator update (5).")
    Integer criticSteps;

    /** Whether any option was given (they are refused for the models that do not read them). */
    boolean any() { return codeSize != null || latent != null || hidden != null || beta != null || decoder != null || noise != null || sparsity != null || criticSteps != null; }
}

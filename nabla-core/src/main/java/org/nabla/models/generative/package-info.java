/**
 * Generative models of images: autoencoders ({@link org.nabla.models.generative.Autoencoder}: an MLP or a convolutional
 * encoder with a transposed-convolution decoder), the variational autoencoder ({@link org.nabla.models.generative.Vae})
 * and the players of a GAN ({@link org.nabla.models.generative.ImageGenerator},
 * {@link org.nabla.models.generative.ImageCritic}, built by {@link org.nabla.models.generative.Gans}: the MLP GAN and
 * DCGAN, optionally conditioned on a class). Decoders and generators end in logits or tanh; the tasks that train them
 * are in {@code org.nabla.train.task}.
 */
package org.nabla.models.generative;

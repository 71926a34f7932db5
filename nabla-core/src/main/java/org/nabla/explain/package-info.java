/**
 * Seeing inside a trained classifier: attributions of one input (vanilla gradient, SmoothGrad, integrated
 * gradients, guided backpropagation and deconvnet through {@link org.nabla.nn.functional.ReluGradient}, Grad-CAM,
 * occlusion), a layer's activations, inputs optimised to excite a class or a layer (class-model visualisation,
 * DeepDream), and their rendering as images ({@link org.nabla.explain.Images}). Embeddings of features (t-SNE)
 * are in {@code explain.tsne}. Every method takes the model as a {@link org.nabla.nn.Module} in eval mode and an
 * input batch of one [1, C, H, W]; {@link org.nabla.explain.PixelModel} puts the training's normalisation in front,
 * so inputs and attributions are in pixel units.
 */
package org.nabla.explain;

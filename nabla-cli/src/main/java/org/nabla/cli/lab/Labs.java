package org.nabla.cli.lab;

import org.nabla.registry.Registry;

/** The labs by name: {@code nabla lab list} prints them, {@code nabla lab TOPIC} runs one. */
public final class Labs {
    private Labs() {}

    public static final Registry<Lab> REGISTRY = new Registry<Lab>("lab")
            .register("optimizers", "SGD, momentum, Nesterov, AdaGrad, RMSProp, Adadelta, Adam, AMSGrad on MNIST and on a 2-d ravine", new OptimizersLab())
            .register("learning-rate", "a learning rate too low, good and too high", new LearningRateLab())
            .register("batch-size", "small and large batches at equal epochs", new BatchSizeLab())
            .register("initialization", "zeros (symmetry), too small, too large, Xavier, He: activations per layer", new InitializationLab())
            .register("activations", "sigmoid vs tanh vs ReLU: gradient flow in a deep net", new ActivationsLab())
            .register("normalization", "raw, scaled and standardised inputs", new NormalizationLab())
            .register("regularization", "none, L2, dropout, early stopping: the generalisation gap", new RegularizationLab())
            .register("augmentation", "random shifts and rotations on a small training set", new AugmentationLab())
            .register("batch-norm", "a deep net with and without batch norm, at two learning rates", new BatchNormLab())
            .register("bias-variance", "polynomial ridge fits with low, medium and high lambda", new BiasVarianceLab())
            .register("xor", "a perceptron cannot learn XOR, an MLP can", new XorLab())
            .register("boundaries", "linear vs MLP decision boundaries on quadrants, a ring and three modes", new BoundariesLab())
            .register("imbalance", "a rare class: plain, weighted loss, re-sampling, focal loss", new ImbalanceLab())
            .register("search", "random vs grid hyperparameter search at equal budget", new SearchLab());
}

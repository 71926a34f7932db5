package org.nabla.models.vision;

import org.nabla.nn.AdaptiveAvgPool2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Dropout;
import org.nabla.nn.Linear;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * AlexNet as torchvision 0.14 builds it (the one-GPU variant of Krizhevsky's "one weird trick" paper):
 * {@code features} (conv 11x11/4 to 64, max-pool 3/2, conv 5x5 to 192, max-pool, convs 3x3 to 384, 256, 256,
 * max-pool, each conv followed by ReLU), {@code avgpool} (adaptive, 6x6), {@code classifier} (dropout,
 * 9216-4096, ReLU, dropout, 4096-4096, ReLU, 4096-classes). 61,100,840 parameters for 1000 classes; the same
 * state-dict keys ({@code features.0.weight}, ..., {@code classifier.6.bias}). Inputs of at least 63x63.
 */
public final class AlexNet extends Module {
    /** The smallest input side its pooling takes (torchvision's {@code min_size}). */
    public static final int MIN_SIZE = 63;

    private final Submodule<Sequential> features, classifier;
    private final Submodule<AdaptiveAvgPool2d> avgpool;

    public AlexNet(int inChannels, int classes, double dropout, Generator gen) {
        features = registerModule("features", Sequential.class, new Sequential(
                conv(inChannels, 64, 11, 4, 2, gen), new ReLU(), new MaxPool2d(3, 2),
                conv(64, 192, 5, 1, 2, gen), new ReLU(), new MaxPool2d(3, 2),
                conv(192, 384, 3, 1, 1, gen), new ReLU(),
                conv(384, 256, 3, 1, 1, gen), new ReLU(),
                conv(256, 256, 3, 1, 1, gen), new ReLU(), new MaxPool2d(3, 2)));
        avgpool = registerModule("avgpool", AdaptiveAvgPool2d.class, new AdaptiveAvgPool2d(6, 6));
        classifier = registerModule("classifier", Sequential.class, new Sequential(
                new Dropout(dropout), new Linear(256 * 6 * 6, 4096, true, gen), new ReLU(),
                new Dropout(dropout), new Linear(4096, 4096, true, gen), new ReLU(),
                new Linear(4096, classes, true, gen)));
    }

    @Override
    public Tensor forward(Tensor x) {
        return classifier.get().call(avgpool.get().call(features.get().call(x)).flatten(1, -1));
    }

    private static Conv2d conv(int in, int out, int kernel, int stride, int padding, Generator gen) {
        return Conv2d.builder(in, out, kernel).stride(stride).padding(padding).generator(gen).build();
    }
}

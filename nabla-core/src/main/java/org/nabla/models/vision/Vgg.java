package org.nabla.models.vision;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.AdaptiveAvgPool2d;
import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Dropout;
import org.nabla.nn.Linear;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * VGG (Simonyan and Zisserman 2015) as torchvision 0.14 builds it: {@code features} — 3x3 convolutions (padding 1,
 * with bias), each followed by ReLU (or by batch norm and ReLU in the {@code _bn} variants), and 2x2 max-pools
 * where the configuration says {@link #POOL} — then {@code avgpool} (adaptive) and {@code classifier}. The ImageNet
 * models ({@link #imagenet}) pool to 7x7 and classify with 25088-4096-4096-classes (ReLU and dropout between):
 * vgg11 132,863,336 parameters, vgg11_bn 132,868,840, vgg16 138,357,544, vgg16_bn 138,365,992 for 1000 classes,
 * with torchvision's keys ({@code features.0.weight}, {@code features.1.running_mean}, {@code classifier.6.bias}).
 * Weights are initialised as torchvision does: He-normal (fan out) convolutions, N(0, 0.01) linear layers, zero biases.
 */
public final class Vgg extends Module {
    /** A 2x2 max-pool in a configuration. */
    public static final int POOL = 0;
    /** Configuration A (VGG-11): channels of the convolutions, {@link #POOL} for the pools. */
    public static final int[] VGG11 = {64, POOL, 128, POOL, 256, 256, POOL, 512, 512, POOL, 512, 512, POOL};
    /** Configuration D (VGG-16). */
    public static final int[] VGG16 = {64, 64, POOL, 128, 128, POOL, 256, 256, 256, POOL, 512, 512, 512, POOL, 512, 512, 512, POOL};
    /** The smallest input side of the ImageNet models (five 2x2 pools; torchvision's {@code min_size}). */
    public static final int MIN_SIZE = 32;

    private final Submodule<Sequential> features, classifier;
    private final Submodule<AdaptiveAvgPool2d> avgpool;

    /** features, then adaptive average pooling to pooled x pooled, flattened, then the classifier. */
    public Vgg(Sequential features, int pooled, Sequential classifier, Generator gen) {
        this.features = registerModule("features", Sequential.class, features);
        this.avgpool = registerModule("avgpool", AdaptiveAvgPool2d.class, new AdaptiveAvgPool2d(pooled, pooled));
        this.classifier = registerModule("classifier", Sequential.class, classifier);
        initialise(gen);
    }

    /** torchvision's VGG for {@code classes} classes: this configuration's features, 7x7 pooling, 25088-4096-4096-classes. */
    public static Vgg imagenet(int[] config, boolean batchNorm, int inChannels, int classes, Generator gen) {
        Sequential head = new Sequential(
                new Linear(512 * 7 * 7, 4096, true, gen), new ReLU(), new Dropout(0.5),
                new Linear(4096, 4096, true, gen), new ReLU(), new Dropout(0.5),
                new Linear(4096, classes, true, gen));
        return new Vgg(features(config, batchNorm, inChannels, gen), 7, head, gen);
    }

    /** torchvision's {@code make_layers}: conv 3x3 (+ batch norm) + ReLU per channel count, max-pool 2 per {@link #POOL}. */
    public static Sequential features(int[] config, boolean batchNorm, int inChannels, Generator gen) {
        List<Module> layers = new ArrayList<>();
        int in = inChannels;
        for (int v : config) {
            if (v == POOL) {
                layers.add(new MaxPool2d(2, 2));
                continue;
            }
            layers.add(Conv2d.builder(in, v, 3).padding(1).generator(gen).build());
            if (batchNorm) layers.add(new BatchNorm2d(v));
            layers.add(new ReLU());
            in = v;
        }
        return new Sequential(layers.toArray(Module[]::new));
    }

    /** The channels of the last convolution of a configuration. */
    public static int outChannels(int[] config) {
        for (int i = config.length - 1; i >= 0; i--) if (config[i] != POOL) return config[i];
        throw new IllegalArgumentException("vgg: a configuration needs at least one convolution");
    }

    @Override
    public Tensor forward(Tensor x) {
        return classifier.get().call(avgpool.get().call(features.get().call(x)).flatten(1, -1));
    }

    private void initialise(Generator gen) {
        for (Module m : namedModules().values()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal(c.weight, 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, gen);
                if (c.bias != null) Init.zeros(c.bias);
            } else if (m instanceof Linear l) {
                Init.normal(l.weight, 0, 0.01, gen);
                if (l.bias != null) Init.zeros(l.bias);
            }
        }
    }
}

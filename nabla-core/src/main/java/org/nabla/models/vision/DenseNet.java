package org.nabla.models.vision;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Linear;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.nn.activation.ReLU;
import org.nabla.nn.functional.F;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * DenseNet-BC (Huang et al. 2017) with torchvision 0.14's layout: {@code features} — a stem, then
 * {@link DenseBlock}s ({@code denseblock1}, ...) with {@link Transition}s between them ({@code transition1}, ...:
 * compression 0.5, halving the resolution), then {@code norm5} — followed by ReLU, global average pooling and
 * {@code classifier}. Keys as torchvision's: {@code features.denseblock1.denselayer1.norm1.weight}.
 *
 * <p>{@link #imagenet}: torchvision's stem ({@code conv0} 7x7/2, {@code norm0}, {@code relu0}, {@code pool0} max
 * 3/2): densenet121 is growth 32, blocks (6, 12, 24, 16), 64 initial channels, 7,978,856 parameters for 1000 classes;
 * inputs of at least 29x29. {@link #cifar}: the paper's CIFAR network, a 3x3 {@code conv0} to 2 x growth channels
 * and three blocks of (depth - 4) / 6 bottleneck layers: depth 100, growth 12 has 769,162 parameters for 10 classes
 * (the paper's 0.8 M). Weights are initialised as torchvision does: He-normal convolutions, zero linear bias.
 */
public final class DenseNet extends Module {
    /** The smallest input side of the ImageNet layout (torchvision's {@code min_size}). */
    public static final int MIN_SIZE = 29;

    private final Submodule<Sequential> features;
    private final Submodule<Linear> classifier;

    private DenseNet(Map<String, Module> stem, int stemChannels, int[] blocks, int growth, int bnSize, int classes, Generator gen) {
        Sequential f = new Sequential(stem);
        int channels = stemChannels;
        for (int i = 0; i < blocks.length; i++) {
            DenseBlock block = new DenseBlock(blocks[i], channels, growth, bnSize, gen);
            f.add("denseblock" + (i + 1), block);
            channels = block.outChannels();
            if (i < blocks.length - 1) {
                f.add("transition" + (i + 1), Transition.of(channels, channels / 2, gen));
                channels /= 2;
            }
        }
        f.add("norm5", new BatchNorm2d(channels));
        features = registerModule("features", Sequential.class, f);
        classifier = registerModule("classifier", Linear.class, new Linear(channels, classes, true, gen));
        for (Module m : namedModules().values()) {
            if (m instanceof Conv2d c) Init.kaimingNormal(c.weight, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, gen);
            else if (m instanceof Linear l) Init.zeros(l.bias);
        }
    }

    /** torchvision's {@code DenseNet(growth_rate, block_config, num_init_features, bn_size)} on inChannels channels. */
    public static DenseNet imagenet(int growth, int[] blocks, int initFeatures, int bnSize, int inChannels, int classes, Generator gen) {
        Map<String, Module> stem = new LinkedHashMap<>();
        stem.put("conv0", Conv2d.builder(inChannels, initFeatures, 7).stride(2).padding(3).bias(false).generator(gen).build());
        stem.put("norm0", new BatchNorm2d(initFeatures));
        stem.put("relu0", new ReLU());
        stem.put("pool0", new MaxPool2d(3, 2, 1, false));
        return new DenseNet(stem, initFeatures, blocks, growth, bnSize, classes, gen);
    }

    /** torchvision's densenet121: growth 32, blocks 6, 12, 24, 16, 64 initial channels, bottleneck 4 x growth. */
    public static DenseNet densenet121(int inChannels, int classes, Generator gen) {
        return imagenet(32, new int[] {6, 12, 24, 16}, 64, 4, inChannels, classes, gen);
    }

    /**
     * Huang et al.'s DenseNet-BC for CIFAR: a 3x3 convolution to 2 x growth channels, three dense blocks of
     * (depth - 4) / 6 bottleneck layers (bottleneck 4 x growth), compression 0.5. Depth 40, 52, ..., 100, ...
     */
    public static DenseNet cifar(int depth, int growth, int inChannels, int classes, Generator gen) {
        if (depth < 10 || (depth - 4) % 6 != 0)
            throw new IllegalArgumentException("densenet_bc: depth must be 6n + 4 (40, 100, ...), got " + depth);
        if (growth < 1) throw new IllegalArgumentException("densenet_bc: growth must be positive, got " + growth);
        int n = (depth - 4) / 6;
        Map<String, Module> stem = new LinkedHashMap<>();
        stem.put("conv0", Conv2d.builder(inChannels, 2 * growth, 3).padding(1).bias(false).generator(gen).build());
        return new DenseNet(stem, 2 * growth, new int[] {n, n, n}, growth, 4, classes, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = F.relu(features.get().call(x));
        return classifier.get().call(F.adaptiveAvgPool2d(h, 1, 1).flatten(1, -1));
    }
}

package org.nabla.models.vision;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.nabla.models.ModelFactory;
import org.nabla.nn.Dropout;
import org.nabla.nn.Linear;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.registry.Registry;
import org.nabla.tensor.Generator;

/**
 * The classic architectures of the model zoo and their registration: torchvision's ImageNet layouts (alexnet, vgg11,
 * vgg16 and their _bn variants, googlenet with its auxiliary heads, densenet121; {@code nabla summary} shows them on
 * 3x224x224 with 1000 classes) and the small CIFAR models built from the same blocks (vgg_cifar, densenet_bc,
 * inception_cifar).
 */
public final class ClassicNets {
    private ClassicNets() {}

    /** DenseNet-BC's registered depth (the paper's largest growth-12 network): {@code densenet_bc}. */
    public static final int DENSENET_BC_DEPTH = 100;
    /** DenseNet-BC's growth rate k. */
    public static final int DENSENET_BC_GROWTH = 12;

    /** Registers every model of this class in the registry (the command line's {@code Models.REGISTRY}). */
    public static void register(Registry<ModelFactory> registry) {
        registry.register("alexnet", "AlexNet, torchvision's layout and keys (C x H x W, H, W >= 63)",
                        new ImageNetFactory("alexnet", AlexNet.MIN_SIZE, (c, k, g) -> new AlexNet(c, k, 0.5, g)))
                .register("vgg11", "VGG-11, torchvision's layout and keys (C x H x W, H, W >= 32)",
                        new ImageNetFactory("vgg11", Vgg.MIN_SIZE, (c, k, g) -> Vgg.imagenet(Vgg.VGG11, false, c, k, g)))
                .register("vgg11_bn", "VGG-11 with batch norm, torchvision's layout and keys (C x H x W, H, W >= 32)",
                        new ImageNetFactory("vgg11_bn", Vgg.MIN_SIZE, (c, k, g) -> Vgg.imagenet(Vgg.VGG11, true, c, k, g)))
                .register("vgg16", "VGG-16, torchvision's layout and keys (C x H x W, H, W >= 32)",
                        new ImageNetFactory("vgg16", Vgg.MIN_SIZE, (c, k, g) -> Vgg.imagenet(Vgg.VGG16, false, c, k, g)))
                .register("vgg16_bn", "VGG-16 with batch norm, torchvision's layout and keys (C x H x W, H, W >= 32)",
                        new ImageNetFactory("vgg16_bn", Vgg.MIN_SIZE, (c, k, g) -> Vgg.imagenet(Vgg.VGG16, true, c, k, g)))
                .register("googlenet", "GoogLeNet (Inception v1) with auxiliary heads, torchvision's layout and keys (C x H x W, H, W >= 15)",
                        new ImageNetFactory("googlenet", GoogLeNet.MIN_SIZE, (c, k, g) -> new GoogLeNet(c, k, true, g)))
                .register("densenet121", "DenseNet-121, torchvision's layout and keys (C x H x W, H, W >= 29)",
                        new ImageNetFactory("densenet121", DenseNet.MIN_SIZE, DenseNet::densenet121))
                .register("vgg_cifar", "VGG-11 with batch norm for 32x32 / 28x28 images: four pools, global pooling, 512-512-classes head (H, W >= 16)",
                        images("vgg_cifar", 16, ClassicNets::vggCifar))
                .register("densenet_bc", "DenseNet-BC (Huang et al.) for 32x32 / 28x28 images: depth 100, growth 12, compression 0.5 (H, W >= 4)",
                        images("densenet_bc", 4, (c, k, g) -> DenseNet.cifar(DENSENET_BC_DEPTH, DENSENET_BC_GROWTH, c, k, g)))
                .register("inception_cifar", "small GoogLeNet for 32x32 / 28x28 images: six Inception blocks, 64 to 512 channels (H, W >= 8)",
                        images("inception_cifar", 8, InceptionCifar::new));
    }

    /**
     * VGG-11 with batch norm sized for 32x32 images: torchvision's configuration A without its last pool (four 2x2
     * pools: 32 to 2, 28 to 1), global average pooling and a 512-512-classes classifier with ReLU and dropout 0.5.
     * 9,493,770 parameters for 10 classes.
     */
    public static Vgg vggCifar(int inChannels, int classes, Generator gen) {
        int[] config = Arrays.copyOf(Vgg.VGG11, Vgg.VGG11.length - 1);
        Sequential head = new Sequential(new Linear(512, 512, true, gen), new ReLU(), new Dropout(0.5), new Linear(512, classes, true, gen));
        return new Vgg(Vgg.features(config, true, inChannels, gen), 1, head, gen);
    }

    /** A factory for C x H x W samples with H, W >= minSize, refusing other shapes with one line. */
    private static ModelFactory images(String name, int minSize, ImageNetFactory.Builder model) {
        return (shape, outputs, gen) -> {
            if (shape.length != 3 || shape[1] < minSize || shape[2] < minSize)
                throw new IllegalArgumentException(name + " takes C x H x W images with H, W >= " + minSize + ", the data has samples of "
                        + (shape.length == 0 ? "[]" : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("x"))));
            return model.build(shape[0], outputs, gen);
        };
    }
}

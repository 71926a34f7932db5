package org.nabla.models.vision;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.nabla.models.ModelFactory;
import org.nabla.registry.Registry;

/** The ResNet family's entries in the model registry: the ImageNet layouts of torchvision and the SE CIFAR ResNet. */
public final class ResNets {
    private ResNets() {}

    /** Registers resnet18/34/50, resnext50_32x4d, wide_resnet50_2, se_resnet50 and se_resnet20. */
    public static Registry<ModelFactory> register(Registry<ModelFactory> registry) {
        return registry
                .register("resnet18", "ResNet-18, torchvision's layout and keys (11,689,512 parameters for 1000 classes), C x H x W with H, W >= 32",
                        imagenet("resnet18", ResNet.Config.resnet18()))
                .register("resnet34", "ResNet-34, torchvision's layout and keys, C x H x W with H, W >= 32", imagenet("resnet34", ResNet.Config.resnet34()))
                .register("resnet50", "ResNet-50 (bottleneck blocks), torchvision's layout and keys, C x H x W with H, W >= 32",
                        imagenet("resnet50", ResNet.Config.resnet50()))
                .register("resnext50_32x4d", "ResNeXt-50 32x4d (grouped 3x3 convolutions), torchvision's layout and keys, C x H x W with H, W >= 32",
                        imagenet("resnext50_32x4d", ResNet.Config.resnext50_32x4d()))
                .register("wide_resnet50_2", "Wide ResNet-50-2 (twice the bottleneck width), torchvision's layout and keys, C x H x W with H, W >= 32",
                        imagenet("wide_resnet50_2", ResNet.Config.wideResnet50_2()))
                .register("se_resnet50", "SE-ResNet-50 (Hu et al.: squeeze-and-excitation, reduction 16, in every block as layerX.Y.se.fc1/fc2), C x H x W with H, W >= 32",
                        imagenet("se_resnet50", ResNet.Config.seResnet50()))
                .register("se_resnet20", "CIFAR ResNet-20 with squeeze-and-excitation (reduction 16) in every block, any C x H x W images",
                        (shape, outputs, gen) -> {
                            if (shape.length != 3 || shape[1] < 4 || shape[2] < 4)
                                throw new IllegalArgumentException("se_resnet20 takes C x H x W images (H, W >= 4), the data has samples of " + shape(shape));
                            return new CifarResNet(20, 16, shape[0], outputs, gen);
                        });
    }

    private static ModelFactory imagenet(String name, ResNet.Config config) {
        return new ImageNetFactory(name, ResNet.MIN_SIZE, (channels, classes, gen) -> new ResNet(config, channels, classes, gen));
    }

    private static String shape(int[] s) {
        return s.length == 0 ? "[]" : Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}

package org.nabla.models.segmentation;

import java.util.Arrays;
import org.nabla.models.ModelFactory;
import org.nabla.nn.Module;
import org.nabla.registry.Registry;
import org.nabla.tensor.Generator;

/** The segmentation models' registration: each maps C x H x W images to class scores [N, classes, H, W]. */
public final class SegmentationModels {
    private SegmentationModels() {}

    /** The names the command line treats as segmentation models. */
    public static final java.util.Set<String> NAMES = java.util.Set.of("fcn", "unet", "unet_bilinear", "segnet");

    /** Registers every segmentation model in the registry (the command line's {@code Models.REGISTRY}). */
    public static void register(Registry<ModelFactory> registry) {
        registry.register("fcn", "FCN with FCN-8s-style skip fusion: conv backbone 16-32-64-128 + 256 head, scores fused at 1/16, 1/8, 1/4 (segmentation; H, W multiples of 16)",
                        images("fcn", 16, Fcn::new))
                .register("unet", "U-Net (Ronneberger et al.): 16-32-64 down, 128 middle, transposed-conv up, concatenated skips (segmentation; H, W multiples of 8)",
                        images("unet", 8, UNet::new))
                .register("unet_bilinear", "U-Net with bilinear up-sampling and a 1x1 convolution instead of transposed convolutions (segmentation; H, W multiples of 8)",
                        images("unet_bilinear", 8, (c, k, g) -> new UNet(c, k, UNet.WIDTHS, UNet.UpSampling.BILINEAR, g)))
                .register("segnet", "SegNet: encoder 16-32-64-128 whose max-pool indices drive MaxUnpool2d in the decoder (segmentation; H, W multiples of 16)",
                        images("segnet", 16, SegNet::new));
    }

    private interface Builder {
        Module build(int channels, int classes, Generator gen);
    }

    private static ModelFactory images(String name, int multiple, Builder b) {
        return new ModelFactory() {
            @Override
            public Module create(int[] shape, int outputs, Generator gen) {
                if (shape.length != 3 || shape[1] % multiple != 0 || shape[2] % multiple != 0 || shape[1] == 0 || shape[2] == 0)
                    throw new IllegalArgumentException(name + " takes C x H x W images with H and W multiples of " + multiple + ", the data has samples of "
                            + Arrays.toString(shape));
                return b.build(shape[0], outputs, gen);
            }

            @Override public int[] defaultSampleShape() { return new int[] {1, 64, 64}; }

            @Override public int defaultOutputs() { return 11; }
        };
    }
}

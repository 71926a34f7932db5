package org.nabla.models.vision;

import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * One bottleneck layer of a DenseNet-BC (Huang et al. 2017), torchvision's {@code _DenseLayer}: {@code norm1},
 * {@code relu1}, {@code conv1} (1x1 to bnSize * growth), {@code norm2}, {@code relu2}, {@code conv2} (3x3 to growth),
 * on the concatenation of every earlier feature map of its block; it returns only its growth new channels.
 * (torchvision's {@code drop_rate} is 0 in every model it builds and is left out.)
 */
public final class DenseLayer extends Module {
    private final Submodule<Module> norm1, norm2; // any module: Fusion.fuseConvBn puts an Identity in place
    private final Submodule<ReLU> relu1, relu2;
    private final Submodule<Conv2d> conv1, conv2;

    public DenseLayer(int inChannels, int growth, int bnSize, Generator gen) {
        norm1 = registerModule("norm1", Module.class, new BatchNorm2d(inChannels));
        relu1 = registerModule("relu1", ReLU.class, new ReLU());
        conv1 = registerModule("conv1", Conv2d.class, Conv2d.builder(inChannels, bnSize * growth, 1).bias(false).generator(gen).build());
        norm2 = registerModule("norm2", Module.class, new BatchNorm2d(bnSize * growth));
        relu2 = registerModule("relu2", ReLU.class, new ReLU());
        conv2 = registerModule("conv2", Conv2d.class, Conv2d.builder(bnSize * growth, growth, 3).padding(1).bias(false).generator(gen).build());
    }

    /** The new feature maps for the concatenated earlier ones. */
    @Override
    public Tensor forward(Tensor features) {
        Tensor bottleneck = conv1.get().call(relu1.get().call(norm1.get().call(features)));
        return conv2.get().call(relu2.get().call(norm2.get().call(bottleneck)));
    }
}

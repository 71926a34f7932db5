package org.nabla.models.vision;

import java.util.List;
import org.nabla.nn.Module;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * torchvision's {@code _DenseBlock}: {@code denselayer1} ... {@code denselayerN}, layer i reading the block's input
 * and every earlier layer's output concatenated (inChannels + (i - 1) * growth channels); the block returns all of
 * them concatenated, inChannels + layers * growth channels.
 */
public final class DenseBlock extends Module {
    private final int outChannels;

    public DenseBlock(int layers, int inChannels, int growth, int bnSize, Generator gen) {
        for (int i = 0; i < layers; i++) registerModule("denselayer" + (i + 1), DenseLayer.class, new DenseLayer(inChannels + i * growth, growth, bnSize, gen));
        outChannels = inChannels + layers * growth;
    }

    public int outChannels() { return outChannels; }

    @Override
    public Tensor forward(Tensor x) {
        Tensor features = x;
        for (Module layer : children().values()) features = Tensor.cat(List.of(features, layer.call(features)), 1);
        return features;
    }
}

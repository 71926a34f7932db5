package org.nabla.models.vision;

import org.nabla.nn.Module;
import org.nabla.tensor.ConcatBuffer;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * torchvision's {@code _DenseBlock}: {@code denselayer1} ... {@code denselayerN}, layer i reading the block's input
 * and every earlier layer's output concatenated (inChannels + (i - 1) * growth channels); the block returns all of
 * them concatenated, inChannels + layers * growth channels. The features grow in one {@link ConcatBuffer}, read in
 * place by each layer (its first batch norm reads a channel slice without copying it).
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
        ConcatBuffer all = new ConcatBuffer(x, outChannels);  // each layer's output copied once, not once per later layer
        Tensor features = x;
        for (Module layer : children().values()) features = all.append(layer.call(features));
        return features;
    }
}

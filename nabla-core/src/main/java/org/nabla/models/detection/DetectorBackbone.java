package org.nabla.models.detection;

import org.nabla.models.vision.BasicConv2d;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A small VGG-style trunk for detection on small images: conv-BN-ReLU blocks of 16, 32, 64, 64 and {@code width}
 * channels with three 2x2 max-pools, so its feature map has stride 8 ([B, width, H/8, W/8]).
 */
public final class DetectorBackbone extends Module {
    /** The feature map's stride in pixels. */
    public static final int STRIDE = 8;
    private final Submodule<Sequential> features;
    private final int width;

    public DetectorBackbone(int inChannels, int width, Generator gen) {
        this.width = width;
        features = registerModule("features", Sequential.class, new Sequential(
                new BasicConv2d(inChannels, 16, 3, 1, gen), new MaxPool2d(2),
                new BasicConv2d(16, 32, 3, 1, gen), new MaxPool2d(2),
                new BasicConv2d(32, 64, 3, 1, gen), new BasicConv2d(64, 64, 3, 1, gen), new MaxPool2d(2),
                new BasicConv2d(64, width, 3, 1, gen)));
    }

    /** Channels of the feature map. */
    public int width() { return width; }

    @Override
    public Tensor forward(Tensor x) { return features.get().call(x); }
}

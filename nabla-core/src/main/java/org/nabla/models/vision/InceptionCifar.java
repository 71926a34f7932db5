package org.nabla.models.vision;

import org.nabla.nn.AdaptiveAvgPool2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Dropout;
import org.nabla.nn.Linear;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A small GoogLeNet for 32x32 (and 28x28) images, built from the ImageNet model's {@link BasicConv2d} and
 * {@link Inception} blocks with about half their widths: {@code conv1} (3x3 to 64, no down-sampling stem), then
 * {@code inception3a} (to 128 channels), {@code inception3b} (240), {@code maxpool3} (3/2, ceil: 32 to 16),
 * {@code inception4a}, {@code inception4b} (256 each), {@code maxpool4} (2/2, ceil: 16 to 8), {@code inception5a}
 * (416), {@code inception5b} (512), global average pooling, {@code dropout} (0.2) and {@code fc}. 862,818 parameters
 * for 10 classes, about 0.2 G multiply-adds at 3x32x32; inputs of at least 8x8.
 */
public final class InceptionCifar extends Module {
    private final Submodule<BasicConv2d> conv1;
    private final Submodule<Inception> inception3a, inception3b, inception4a, inception4b, inception5a, inception5b;
    private final Submodule<MaxPool2d> maxpool3, maxpool4;
    private final Submodule<AdaptiveAvgPool2d> avgpool;
    private final Submodule<Dropout> dropout;
    private final Submodule<Linear> fc;

    public InceptionCifar(int inChannels, int classes, Generator gen) {
        conv1 = registerModule("conv1", BasicConv2d.class, new BasicConv2d(inChannels, 64, 3, 1, gen));
        inception3a = inception("inception3a", new Inception(64, 32, 48, 64, 8, 16, 16, gen));
        inception3b = inception("inception3b", new Inception(128, 64, 64, 96, 16, 48, 32, gen));
        maxpool3 = registerModule("maxpool3", MaxPool2d.class, new MaxPool2d(3, 2, 0, true));
        inception4a = inception("inception4a", new Inception(240, 96, 48, 104, 8, 24, 32, gen));
        inception4b = inception("inception4b", new Inception(256, 80, 56, 112, 12, 32, 32, gen));
        maxpool4 = registerModule("maxpool4", MaxPool2d.class, new MaxPool2d(2, 2, 0, true));
        inception5a = inception("inception5a", new Inception(256, 128, 80, 160, 16, 64, 64, gen));
        inception5b = inception("inception5b", new Inception(416, 192, 96, 192, 24, 64, 64, gen));
        avgpool = registerModule("avgpool", AdaptiveAvgPool2d.class, new AdaptiveAvgPool2d(1, 1));
        dropout = registerModule("dropout", Dropout.class, new Dropout(0.2));
        fc = registerModule("fc", Linear.class, new Linear(inception5b.get().outChannels(), classes, true, gen));
        for (Module m : namedModules().values())
            if (m instanceof Conv2d c) Init.kaimingNormal(c.weight, 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = inception3b.get().call(inception3a.get().call(conv1.get().call(x)));
        h = inception4b.get().call(inception4a.get().call(maxpool3.get().call(h)));
        h = inception5b.get().call(inception5a.get().call(maxpool4.get().call(h)));
        return fc.get().call(dropout.get().call(avgpool.get().call(h).flatten(1, -1)));
    }

    private Submodule<Inception> inception(String name, Inception block) { return registerModule(name, Inception.class, block); }
}

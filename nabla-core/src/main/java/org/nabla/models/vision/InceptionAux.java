package org.nabla.models.vision;

import org.nabla.nn.Dropout;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * GoogLeNet's auxiliary classifier as torchvision 0.14 lays it out: adaptive average pooling to 4x4, {@code conv}
 * (a 1x1 {@link BasicConv2d} to 128 channels), flatten, {@code fc1} (2048-1024), ReLU, {@code dropout} (0.7),
 * {@code fc2} (1024-classes).
 */
public final class InceptionAux extends Module {
    private final Submodule<BasicConv2d> conv;
    private final Submodule<Linear> fc1, fc2;
    private final Submodule<Dropout> dropout;

    public InceptionAux(int in, int classes, double dropout, Generator gen) {
        conv = registerModule("conv", BasicConv2d.class, new BasicConv2d(in, 128, 1, 0, gen));
        fc1 = registerModule("fc1", Linear.class, new Linear(2048, 1024, true, gen));
        fc2 = registerModule("fc2", Linear.class, new Linear(1024, classes, true, gen));
        this.dropout = registerModule("dropout", Dropout.class, new Dropout(dropout));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = conv.get().call(F.adaptiveAvgPool2d(x, 4, 4)).flatten(1, -1);
        return fc2.get().call(dropout.get().call(F.relu(fc1.get().call(h))));
    }
}

package org.nabla.models.vision;

import org.nabla.nn.Conv2d;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Squeeze-and-excitation (Hu et al. 2018), laid out as torchvision's {@code ops.SqueezeExcitation}: global average
 * pooling, {@code fc1} (1x1 convolution to the squeezed width, with bias), ReLU, {@code fc2} (1x1 convolution back,
 * with bias), sigmoid; the input is scaled channel by channel by the result.
 */
public final class SqueezeExcitation extends Module {
    private final Submodule<Conv2d> fc1, fc2;

    /** The squeezed width is channels / reduction, at least 1 (Hu et al. use reduction 16). */
    public SqueezeExcitation(int channels, int reduction, Generator gen) {
        if (reduction < 1) throw new IllegalArgumentException("SqueezeExcitation: reduction must be positive, got " + reduction);
        int squeezed = Math.max(1, channels / reduction);
        fc1 = registerModule("fc1", Conv2d.class, Conv2d.builder(channels, squeezed, 1).generator(gen).build());
        fc2 = registerModule("fc2", Conv2d.class, Conv2d.builder(squeezed, channels, 1).generator(gen).build());
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor scale = F.sigmoid(fc2.get().call(F.relu(fc1.get().call(F.adaptiveAvgPool2d(x, 1)))));
        return x.mul(scale);
    }
}

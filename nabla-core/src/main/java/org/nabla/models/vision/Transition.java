package org.nabla.models.vision;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.nn.AvgPool2d;
import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.Generator;

/**
 * torchvision's DenseNet {@code _Transition} between dense blocks: {@code norm}, {@code relu}, {@code conv} (1x1, the
 * compression: out = floor(in * 0.5) in DenseNet-BC), {@code pool} (2x2 average), as a named {@link Sequential}.
 */
final class Transition {
    private Transition() {}

    static Sequential of(int in, int out, Generator gen) {
        Map<String, Module> layers = new LinkedHashMap<>();
        layers.put("norm", new BatchNorm2d(in));
        layers.put("relu", new ReLU());
        layers.put("conv", Conv2d.builder(in, out, 1).bias(false).generator(gen).build());
        layers.put("pool", new AvgPool2d(2, 2));
        return new Sequential(layers);
    }
}

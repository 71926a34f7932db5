package org.nabla.models.vision;

import java.util.List;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The Inception module of GoogLeNet (Szegedy et al. 2015) as torchvision 0.14 lays it out: four branches on the same
 * input, concatenated along the channels — {@code branch1} a 1x1 {@link BasicConv2d}; {@code branch2} 1x1 reduction
 * then 3x3; {@code branch3} 1x1 reduction then 3x3 (the paper's 5x5 branch; torchvision's kernel is 3x3, a known
 * quirk its weights were trained with, kept here so its state dicts load); {@code branch4} a 3x3 max-pool (stride 1,
 * padding 1) then a 1x1 projection. Output channels: ch1x1 + ch3x3 + ch5x5 + poolProj; the spatial size is kept.
 */
public final class Inception extends Module {
    private final Submodule<BasicConv2d> branch1;
    private final Submodule<Sequential> branch2, branch3, branch4;
    private final int outChannels;

    public Inception(int in, int ch1x1, int ch3x3red, int ch3x3, int ch5x5red, int ch5x5, int poolProj, Generator gen) {
        branch1 = registerModule("branch1", BasicConv2d.class, new BasicConv2d(in, ch1x1, 1, 0, gen));
        branch2 = registerModule("branch2", Sequential.class, new Sequential(new BasicConv2d(in, ch3x3red, 1, 0, gen), new BasicConv2d(ch3x3red, ch3x3, 3, 1, gen)));
        branch3 = registerModule("branch3", Sequential.class, new Sequential(new BasicConv2d(in, ch5x5red, 1, 0, gen), new BasicConv2d(ch5x5red, ch5x5, 3, 1, gen)));
        branch4 = registerModule("branch4", Sequential.class, new Sequential(new MaxPool2d(3, 1, 1, true), new BasicConv2d(in, poolProj, 1, 0, gen)));
        outChannels = ch1x1 + ch3x3 + ch5x5 + poolProj;
    }

    /** The channels of the concatenated output. */
    public int outChannels() { return outChannels; }

    @Override
    public Tensor forward(Tensor x) {
        return Tensor.cat(List.of(branch1.get().call(x), branch2.get().call(x), branch3.get().call(x), branch4.get().call(x)), 1);
    }
}

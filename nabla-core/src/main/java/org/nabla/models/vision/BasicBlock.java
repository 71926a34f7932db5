package org.nabla.models.vision;

import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * The residual block of ResNet-18/34 and of the CIFAR ResNets (He et al. 2016), laid out as torchvision's
 * {@code BasicBlock}: {@code conv1} (3x3, stride), {@code bn1}, ReLU, {@code conv2} (3x3), {@code bn2}, plus the
 * shortcut, then ReLU. The shortcut is the input itself, or {@code downsample} — a 1x1 convolution with the block's
 * stride and a batch norm ({@code downsample.0}, {@code downsample.1}) — when the stride or the width changes
 * (option B). With a squeeze-and-excitation reduction, {@code se} (a {@link SqueezeExcitation}, registered after
 * {@code downsample}) rescales the residual branch before the addition (Hu et al. 2018).
 */
public final class BasicBlock extends Module {
    private final Submodule<Conv2d> conv1, conv2;
    private final Submodule<Module> bn1, bn2; // any module: Fusion.fuseConvBn puts an Identity in place
    private final Submodule<Sequential> downsample;
    private final Submodule<SqueezeExcitation> se;

    public BasicBlock(int inChannels, int channels, int stride, Generator gen) { this(inChannels, channels, stride, 0, gen); }

    /** seReduction 0: no squeeze-and-excitation; else its reduction (16 in Hu et al.). */
    public BasicBlock(int inChannels, int channels, int stride, int seReduction, Generator gen) {
        conv1 = registerModule("conv1", Conv2d.class, conv3x3(inChannels, channels, stride, gen));
        bn1 = registerModule("bn1", Module.class, new BatchNorm2d(channels));
        conv2 = registerModule("conv2", Conv2d.class, conv3x3(channels, channels, 1, gen));
        bn2 = registerModule("bn2", Module.class, new BatchNorm2d(channels));
        downsample = stride != 1 || inChannels != channels
                ? registerModule("downsample", Sequential.class, projection(inChannels, channels, stride, gen)) : null;
        se = seReduction > 0 ? registerModule("se", SqueezeExcitation.class, new SqueezeExcitation(channels, seReduction, gen)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = F.relu(bn1.get().call(conv1.get().call(x)));
        out = bn2.get().call(conv2.get().call(out));
        if (se != null) out = se.get().call(out);
        Tensor shortcut = downsample == null ? x : downsample.get().call(x);
        return F.relu(out.add(shortcut));
    }

    /** A 3x3 convolution, padding 1, no bias (torchvision's {@code conv3x3}). */
    static Conv2d conv3x3(int in, int out, int stride, Generator gen) {
        return Conv2d.builder(in, out, 3).stride(stride).padding(1).bias(false).generator(gen).build();
    }

    /** The option-B shortcut: a 1x1 convolution with the stride, no bias, then batch norm. */
    static Sequential projection(int in, int out, int stride, Generator gen) {
        return new Sequential(Conv2d.builder(in, out, 1).stride(stride).bias(false).generator(gen).build(), new BatchNorm2d(out));
    }
}

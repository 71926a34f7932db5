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
 * The bottleneck block of ResNet-50 and deeper, ResNeXt and wide ResNets, laid out as torchvision's (0.14)
 * {@code Bottleneck}: {@code conv1} (1x1 to the inner width), {@code bn1}, ReLU, {@code conv2} (3x3 with the stride
 * and the groups), {@code bn2}, ReLU, {@code conv3} (1x1 to channels x 4), {@code bn3}, plus the shortcut, then
 * ReLU. Inner width = floor(channels * widthPerGroup / 64) * groups (64 and 1 for ResNet-50; 4 and 32 for
 * ResNeXt-50 32x4d; 128 and 1 for Wide ResNet-50-2). The shortcut is {@code downsample} (1x1 convolution with the
 * stride, batch norm) when the stride or the width changes. With a squeeze-and-excitation reduction, {@code se}
 * (registered after {@code downsample}) rescales the residual branch before the addition (SE-ResNet, Hu et al. 2018).
 */
public final class Bottleneck extends Module {
    /** Output channels per channel of the block's nominal width. */
    public static final int EXPANSION = 4;

    private final Submodule<Conv2d> conv1, conv2, conv3;
    private final Submodule<Module> bn1, bn2, bn3; // any module: Fusion.fuseConvBn puts an Identity in place
    private final Submodule<Sequential> downsample;
    private final Submodule<SqueezeExcitation> se;

    /** seReduction 0: no squeeze-and-excitation. */
    public Bottleneck(int inChannels, int channels, int stride, int groups, int widthPerGroup, int seReduction, Generator gen) {
        int width = (int) (channels * (widthPerGroup / 64.0)) * groups;
        int out = channels * EXPANSION;
        conv1 = registerModule("conv1", Conv2d.class, Conv2d.builder(inChannels, width, 1).bias(false).generator(gen).build());
        bn1 = registerModule("bn1", Module.class, new BatchNorm2d(width));
        conv2 = registerModule("conv2", Conv2d.class,
                Conv2d.builder(width, width, 3).stride(stride).padding(1).groups(groups).bias(false).generator(gen).build());
        bn2 = registerModule("bn2", Module.class, new BatchNorm2d(width));
        conv3 = registerModule("conv3", Conv2d.class, Conv2d.builder(width, out, 1).bias(false).generator(gen).build());
        bn3 = registerModule("bn3", Module.class, new BatchNorm2d(out));
        downsample = stride != 1 || inChannels != out
                ? registerModule("downsample", Sequential.class, BasicBlock.projection(inChannels, out, stride, gen)) : null;
        se = seReduction > 0 ? registerModule("se", SqueezeExcitation.class, new SqueezeExcitation(out, seReduction, gen)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = F.relu(bn1.get().call(conv1.get().call(x)));
        h = F.relu(bn2.get().call(conv2.get().call(h)));
        h = bn3.get().call(conv3.get().call(h));
        if (se != null) h = se.get().call(h);
        Tensor shortcut = downsample == null ? x : downsample.get().call(x);
        return F.relu(h.add(shortcut));
    }
}
